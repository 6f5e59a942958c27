package dev.convstream.beam;

import dev.convstream.batch.DistributedExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code convstream features --runner direct|flink}: the {@link BeamFeatures} pipeline on
 * Beam's direct runner (this JVM) or on Flink ({@code --flink-master host:port}; without it
 * Flink's {@code [auto]}: the cluster that {@code flink run} submits to, else a local one in
 * this JVM). Other {@code --name=value} arguments are Beam pipeline options (e.g.
 * {@code --parallelism=8}, {@code --targetParallelism=2} for the direct runner). Without
 * {@code --flinkConfDir} or {@code FLINK_CONF_DIR}, Flink gets {@link FlinkConfiguration#LOCAL}.
 */
public final class BeamExecutor implements DistributedExecutor {

    @Override
    public Set<String> runners() {
        return Set.of("direct", "flink");
    }

    @Override
    public Summary run(Request r, Progress progress) throws IOException {
        BeamFeatures job = new BeamFeatures(r.recipe(), r.format(), r.outDir(), r.parquet(), AttemptHook.NONE);
        BeamFeatures.Summary s = job.run(r.inputs(), r.inputList(), options(r),
                p -> progress.update(p.done(), p.skipped(), p.failed()));
        return new Summary(s.done(), s.skipped(), s.failed(), s.seconds(), r.outDir().resolve(DeadLetter.FILE_NAME));
    }

    static PipelineOptions options(Request r) throws IOException {
        PipelineOptions o;
        try {
            o = PipelineOptionsFactory.fromArgs(r.engineArguments().toArray(String[]::new)).withValidation().create();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Beam pipeline options: " + e.getMessage(), e);
        }
        switch (r.runner()) {
            case "direct" -> {
                o.setRunner(DirectRunner.class);
                // Return from run() at once, so the progress bar can read the counters while it runs.
                o.as(DirectOptions.class).setBlockOnRun(false);
            }
            case "flink" -> {
                FlinkPipelineOptions f = o.as(FlinkPipelineOptions.class);
                f.setRunner(FlinkRunner.class);
                f.setFlinkMaster(r.master() == null ? "[auto]" : r.master());
                if (f.getFlinkConfDir() == null && System.getenv("FLINK_CONF_DIR") == null) {
                    Path conf = Files.createTempDirectory("convstream-flink-conf");
                    conf.toFile().deleteOnExit();
                    FlinkConfiguration.write(conf, Map.of()).resolve("flink-conf.yaml").toFile().deleteOnExit();
                    f.setFlinkConfDir(conf.toString());
                }
            }
            default -> throw new IllegalArgumentException("--runner must be one of direct, flink, found '" + r.runner() + "'");
        }
        return o;
    }
}
