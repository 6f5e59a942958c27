package dev.convstream.batch;

import dev.convstream.audio.AudioLoader;
import dev.convstream.check.Require;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Offline feature extraction over many files, in parallel over files: the per-file job
 * ({@link FileJob}: decode
 * ({@link AudioLoader}), features ({@link FeaturePipeline}), one output per input
 * ({@link OutputFormat}, written through a temporary file and renamed), optional pictures
 * ({@link SpectrogramPng}), and a line per file in the {@link Manifest}).
 *
 * <p>Resumable: an input whose manifest entry has the same settings and whose output still has
 * the recorded checksum is skipped. A file that fails (cannot be decoded, too short...) is
 * recorded as failed and the batch goes on; its output is not written. Temporary files a killed
 * run left next to an output are removed when that output is written ({@code io.AtomicFiles}). Outputs do not depend
 * on the number of threads (each file is computed by one thread, start to end).
 */
public final class BatchExtractor {

    /** What happened to one input. */
    public enum Status { DONE, SKIPPED, FAILED }

    /**
     * One input's outcome; {@code error} is set when FAILED, {@code seconds} is the audio's
     * duration (0 when unknown), {@code warnings} what the reader said about a file it still
     * read (a truncated WAV), each naming the file.
     */
    public record Outcome(InputFile input, Path output, Status status, String error, double seconds,
                          List<String> warnings) {
        /**
         * {@code FILE: error}, or the error alone when it names the file already (the reader's
         * messages do), so no line says the name twice.
         */
        public String failureLine() {
            String file = input.file().toString();
            return error != null && error.contains(file) ? error : file + ": " + error;
        }
    }

    /** The batch's outcome, in input order. */
    public record Summary(List<Outcome> outcomes) {
        public long count(Status s) {
            return outcomes.stream().filter(o -> o.status() == s).count();
        }

        public List<Outcome> failures() {
            return outcomes.stream().filter(o -> o.status() == Status.FAILED).toList();
        }

        /** Every warning of the inputs read in this run, in input order. */
        public List<String> warnings() {
            return outcomes.stream().flatMap(o -> o.warnings().stream()).toList();
        }
    }

    /** Told about progress, from worker threads (implementations must be thread-safe). */
    public interface Listener {
        Listener NONE = new Listener() {
            @Override
            public void started(int files) {
            }

            @Override
            public void finished(Outcome outcome) {
            }
        };

        void started(int files);

        void finished(Outcome outcome);
    }

    private final FileJob job;
    private final Path outDir;
    private final int threads;

    /**
     * @param png pictures to draw next to each output, or null for none
     */
    public BatchExtractor(FeaturePipeline pipeline, AudioLoader loader, OutputFormat format, Path outDir, int threads,
                          SpectrogramPng png) {
        this(new FileJob(pipeline, loader, format, png), outDir, threads);
    }

    /** Runs {@code job} on {@code threads} workers into {@code outDir}. */
    public BatchExtractor(FileJob job, Path outDir, int threads) {
        Require.atLeastOne("threads", threads);
        this.job = job;
        this.outDir = outDir.toAbsolutePath().normalize();
        this.threads = threads;
    }

    /** The settings recorded in the manifest: the pipeline's settings and the format. */
    public ObjectNode settings() {
        return job.settings();
    }

    /** Output path of {@code input}: {@code <out>/<relative>.<ext>}. */
    public Path outputOf(InputFile input) {
        return outDir.resolve(job.outputName(input));
    }

    /** Runs the batch; returns when every file is done, skipped or failed. */
    public Summary run(List<InputFile> inputs, Listener listener) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "convstream-features");
            t.setDaemon(true);
            return t;
        });
        try (Manifest manifest = Manifest.open(outDir)) {
            listener.started(inputs.size());
            List<Future<Outcome>> futures = new ArrayList<>();
            for (InputFile in : inputs) {
                futures.add(pool.submit(() -> {
                    Outcome o = one(in, manifest);
                    listener.finished(o);
                    return o;
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                try {
                    outcomes.add(f.get());
                } catch (ExecutionException e) {
                    throw new IOException("feature extraction failed unexpectedly: " + e.getCause(), e.getCause());
                }
            }
            return new Summary(outcomes);
        } finally {
            pool.shutdownNow();
        }
    }

    private Outcome one(InputFile in, Manifest manifest) throws IOException {
        Manifest.Entry recorded = manifest.entry(in.name());
        if (job.isComplete(recorded, in, outDir)) {
            return new Outcome(in, outputOf(in), Status.SKIPPED, null, recorded.seconds(), recorded.warnings());
        }
        FileJob.Result r = job.run(in, outDir);
        manifest.record(r.line());
        return new Outcome(in, r.output(), r.ok() ? Status.DONE : Status.FAILED, r.error(), r.seconds(),
                r.ok() ? r.entry().warnings() : List.of());
    }

    /** Picture path for an output: {@code <output>.png}. */
    public static Path pngPath(Path output) {
        return FileJob.pngPath(output);
    }
}
