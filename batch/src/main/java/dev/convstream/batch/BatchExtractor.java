package dev.convstream.batch;

import dev.convstream.audio.AudioLoader;
import dev.convstream.check.Require;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Offline feature extraction over many files, in parallel over files: decode
 * ({@link AudioLoader}), features ({@link FeaturePipeline}), one output per input
 * ({@link OutputFormat}, written through a temporary file and renamed), optional pictures
 * ({@link SpectrogramPng}), and a line per file in the {@link Manifest}.
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

    private final FeaturePipeline pipeline;
    private final AudioLoader loader;
    private final OutputFormat format;
    private final Path outDir;
    private final int threads;
    private final SpectrogramPng png;

    /**
     * @param png pictures to draw next to each output, or null for none
     */
    public BatchExtractor(FeaturePipeline pipeline, AudioLoader loader, OutputFormat format, Path outDir, int threads,
                          SpectrogramPng png) {
        Require.atLeastOne("threads", threads);
        this.pipeline = pipeline;
        this.loader = loader;
        this.format = format;
        this.outDir = outDir.toAbsolutePath().normalize();
        this.threads = threads;
        this.png = png;
    }

    /** The settings recorded in the manifest: the pipeline's settings and the format. */
    public ObjectNode settings() {
        ObjectNode s = pipeline.settings();
        s.put("format", format.extension());
        return s;
    }

    /** Output path of {@code input}: {@code <out>/<relative>.<ext>}. */
    public Path outputOf(InputFile input) {
        return outDir.resolve(input.relative() + "." + format.extension());
    }

    /** Runs the batch; returns when every file is done, skipped or failed. */
    public Summary run(List<InputFile> inputs, Listener listener) throws IOException, InterruptedException {
        ObjectNode settings = settings();
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
                    Outcome o = one(in, manifest, settings);
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

    private Outcome one(InputFile in, Manifest manifest, ObjectNode settings) throws IOException {
        String key = in.name();
        Path out = outputOf(in);
        String relOut = outDir.relativize(out).toString().replace('\\', '/');
        if (manifest.isComplete(key, relOut, settings)) {
            Manifest.Entry done = manifest.entry(key);
            return new Outcome(in, out, Status.SKIPPED, null, done.seconds(), done.warnings());
        }
        try {
            AudioLoader.Audio audio = loader.load(in.file(), pipeline.sampleRate());
            FeaturePipeline.Result r = pipeline.compute(audio.mono());
            if (r.data().length == 0) {
                // No file name here: the manifest line and the failure list name the input.
                throw new IOException("too short for one feature frame (" + audio.mono().length
                        + " samples at " + audio.sampleRate() + " Hz)");
            }
            format.write(out, r.data(), r.shape());
            if (png != null) {
                png.write(pngPath(out), r.logMel(), pipeline);
            }
            manifest.recordOk(new Manifest.Entry(key, relOut, r.shape(), r.frames(), audio.seconds(),
                    audio.sourceRate(), audio.sourceChannels(), audio.sampleRate(), pipeline.frameRateHz(),
                    Checksums.sha256(out), settings.toString(), audio.warnings()));
            return new Outcome(in, out, Status.DONE, null, audio.seconds(), audio.warnings());
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            manifest.recordFailure(key, msg, settings);
            return new Outcome(in, out, Status.FAILED, msg, 0, List.of());
        }
    }

    /** Picture path for an output: {@code <output>.png}. */
    public static Path pngPath(Path output) {
        return output.resolveSibling(output.getFileName() + ".png");
    }

}
