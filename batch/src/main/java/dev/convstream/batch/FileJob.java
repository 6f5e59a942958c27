package dev.convstream.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.audio.AudioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The per-file feature job, the one implementation that the local executor
 * ({@link BatchExtractor}) and the Beam pipeline (module {@code features-beam}) both run:
 * resume check, decode ({@link AudioLoader}), features ({@link FeaturePipeline}), the output
 * written through a temporary file renamed into place ({@link OutputFormat}), optional
 * pictures ({@link SpectrogramPng}), and the manifest line of the outcome ({@link Manifest}).
 *
 * <p>Thread-safe: every call works on its own input and output. Outputs do not depend on which
 * thread or worker runs a file, nor on how often it is retried: a retry rewrites the same bytes
 * through a new temporary file.
 */
public final class FileJob {

    /**
     * One input's outcome.
     *
     * @param entry   its manifest entry when it succeeded, else null
     * @param error   the reason when it failed, else null
     * @param line    the manifest line ({@link Manifest#okLine} or {@link Manifest#failureLine})
     * @param data    the features written (row-major), null when it failed
     * @param seconds the audio's duration, 0 when it failed
     */
    public record Result(InputFile input, Path output, Manifest.Entry entry, String error, String line, float[] data,
                         double seconds) {
        public boolean ok() {
            return entry != null;
        }
    }

    private final FeaturePipeline pipeline;
    private final AudioLoader loader;
    private final OutputFormat format;
    private final SpectrogramPng png;
    private final ObjectNode settings;
    private final String settingsText;

    /**
     * @param png pictures to draw next to each output, or null for none
     */
    public FileJob(FeaturePipeline pipeline, AudioLoader loader, OutputFormat format, SpectrogramPng png) {
        this.pipeline = pipeline;
        this.loader = loader;
        this.format = format;
        this.png = png;
        this.settings = pipeline.settings();
        settings.put("format", format.extension());
        this.settingsText = settings.toString();
    }

    public FeaturePipeline pipeline() {
        return pipeline;
    }

    public OutputFormat format() {
        return format;
    }

    /** The settings recorded in the manifest: the pipeline's settings and the format. */
    public ObjectNode settings() {
        return settings.deepCopy();
    }

    /** Output of {@code input} relative to the output folder, '/'-separated: {@code <relative>.<ext>}. */
    public String outputName(InputFile input) {
        return input.relative() + "." + format.extension();
    }

    /**
     * Whether {@code recorded} (the input's latest ok manifest entry, or null) says the output
     * is complete with today's settings: the resume rule.
     */
    public boolean isComplete(Manifest.Entry recorded, InputFile input, Path outDir) throws IOException {
        return isComplete(recorded, input.name(), input.relative(), outDir);
    }

    /**
     * {@link #isComplete(Manifest.Entry, InputFile, Path)} for an input keyed {@code key} (its
     * path, or the URI of a file that lives elsewhere) whose output is named from {@code relative}
     * (see {@link InputFile#relative()}).
     */
    public boolean isComplete(Manifest.Entry recorded, String key, String relative, Path outDir) throws IOException {
        return recorded != null && recorded.input().equals(key)
                && recorded.completes(relative + "." + format.extension(), settingsText, outDir);
    }

    /**
     * Computes and writes one input's features under {@code outDir}. A file that cannot be
     * decoded, is too short for one frame or cannot be written is a failed result, never an
     * exception, and leaves no output.
     */
    public Result run(InputFile in, Path outDir) {
        return run(in, in.name(), outDir);
    }

    /**
     * {@link #run(InputFile, Path)} with the name the manifest and messages give the input:
     * {@code key} instead of the file's path, for a local copy of a file that lives elsewhere
     * (the Beam pipeline's staged copy of an S3 or GCS object is keyed by its URI).
     */
    public Result run(InputFile in, String key, Path outDir) {
        String local = in.file().toString();
        String relOut = outputName(in);
        Path out = outDir.resolve(relOut);
        try {
            Files.createDirectories(out.getParent());
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
            Manifest.Entry e = new Manifest.Entry(key, relOut, r.shape(), r.frames(), audio.seconds(),
                    audio.sourceRate(), audio.sourceChannels(), audio.sampleRate(), pipeline.frameRateHz(),
                    Checksums.sha256(out), settingsText, audio.warnings());
            return new Result(in, out, e, null, Manifest.okLine(e), r.data(), audio.seconds());
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            msg = msg.replace(local, key); // the readers name the file they opened
            return new Result(in, out, null, msg, Manifest.failureLine(key, msg, settingsText), null, 0);
        }
    }

    /** Picture path for an output: {@code <output>.png}. */
    public static Path pngPath(Path output) {
        return output.resolveSibling(output.getFileName() + ".png");
    }
}
