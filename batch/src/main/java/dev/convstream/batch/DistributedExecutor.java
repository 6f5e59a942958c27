package dev.convstream.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * An executor of the feature job other than the local {@link BatchExtractor}: the Beam pipeline
 * of module {@code features-beam}, found with {@link java.util.ServiceLoader} when its jar is on
 * the class path, so the command line names runners without linking an engine.
 */
public interface DistributedExecutor {

    /**
     * What to run.
     *
     * @param inputs          files, folders, globs or URIs
     * @param inputList       a text file listing one input file or URI per line, or null
     * @param parquet         also write sharded Parquet (one row per clip)
     * @param runner          one of {@link #runners()}
     * @param master          the cluster's address (e.g. Flink's {@code host:port}), or null for a local one
     * @param engineArguments the engine's own options ({@code --name=value}), passed through
     */
    record Request(FeatureRecipe recipe, OutputFormat format, boolean parquet, Path outDir, List<String> inputs,
                   Path inputList, String runner, String master, List<String> engineArguments) {
    }

    /** What a run did; {@code deadLetters} is the file listing the inputs that failed. */
    record Summary(long done, long skipped, long failed, double seconds, Path deadLetters) {
    }

    /** Told the counts while the job runs (where the engine reports them). */
    interface Progress {
        void update(long done, long skipped, long failed);
    }

    /** The runner names this executor takes. */
    Set<String> runners();

    /**
     * Runs the job and waits for it.
     *
     * @throws IllegalArgumentException for inputs or engine options it cannot take
     * @throws IOException              when the job did not finish
     */
    Summary run(Request request, Progress progress) throws IOException;
}
