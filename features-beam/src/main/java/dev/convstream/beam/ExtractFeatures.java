package dev.convstream.beam;

import dev.convstream.audio.AudioLoader;
import dev.convstream.batch.Checksums;
import dev.convstream.batch.FeatureRecipe;
import dev.convstream.batch.FileJob;
import dev.convstream.batch.InputFile;
import dev.convstream.batch.Manifest;
import dev.convstream.batch.OutputFormat;
import dev.convstream.features.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The per-file job ({@link FileJob}, the local executor's) on a Beam worker: one
 * {@code (output name, source)} in, the manifest line out (main output), a
 * {@link DeadLetter} for a bad input, and a {@link ClipRow} for Parquet when asked. An input
 * whose recorded manifest entry (side input) still completes it is skipped, as locally.
 */
final class ExtractFeatures extends DoFn<KV<String, String>, String> {
    static final String METRICS = "convstream";

    private final FeatureRecipe recipe;
    private final OutputFormat format;
    private final String outDir;
    private final PCollectionView<Map<String, String>> completed;
    private final TupleTag<String> deadLetters;
    private final TupleTag<ClipRow> rows;
    private final AttemptHook hook;

    private final Counter done = Metrics.counter(METRICS, "files_done");
    private final Counter failed = Metrics.counter(METRICS, "files_failed");
    private final Counter skipped = Metrics.counter(METRICS, "files_skipped");
    private final Counter audioMillis = Metrics.counter(METRICS, "audio_milliseconds");

    private transient FileJob job;

    /**
     * @param rows where Parquet rows go, or null for none
     */
    ExtractFeatures(FeatureRecipe recipe, OutputFormat format, Path outDir,
                    PCollectionView<Map<String, String>> completed, TupleTag<String> deadLetters, TupleTag<ClipRow> rows,
                    AttemptHook hook) {
        this.recipe = recipe;
        this.format = format;
        this.outDir = outDir.toString();
        this.completed = completed;
        this.deadLetters = deadLetters;
        this.rows = rows;
        this.hook = hook;
    }

    @Setup
    public void setup() throws IOException {
        job = new FileJob(recipe.build(), AudioLoader.fromEnvironment(), format, recipe.pictures());
    }

    @ProcessElement
    public void process(ProcessContext c) throws IOException {
        String name = c.element().getKey();
        String source = c.element().getValue();
        boolean remote = source.contains("://");
        // A local input is keyed by its path (as the local executor keys it), a remote one by its URI.
        String key = remote ? source : new InputFile(Path.of(source), name).name();
        Path out = Path.of(outDir);
        String recorded = c.sideInput(completed).get(key);
        Manifest.Entry entry = recorded == null ? null : Manifest.parseEntry(recorded);
        if (job.isComplete(entry, key, name, out)) {
            if (rows != null) {
                // The Parquet shards hold every clip, also those a resumed run did not recompute.
                emitRow(c, entry, source, Npy.read(out.resolve(entry.output())).data());
            }
            skipped.inc();
            audioMillis.inc(Math.round(entry.seconds() * 1000));
            return;
        }
        if (!remote) {
            extract(c, new InputFile(Path.of(source), name), key, out);
            return;
        }
        // Another Beam file system (S3, GCS, HDFS: its jar on the class path). The decoders read
        // local files, so the object is copied to a local temporary for the job and removed after.
        Path staged;
        try {
            staged = RemoteInput.stage(source, name);
        } catch (IOException | RuntimeException e) {
            String reason = "cannot read " + source + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
            c.output(Manifest.failureLine(key, reason, job.settings().toString()));
            fail(c, key, reason);
            return;
        }
        try {
            extract(c, new InputFile(staged, name), key, out);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /** Runs the job on a local file, keyed {@code key} (its path, or the URI of a staged copy). */
    private void extract(ProcessContext c, InputFile in, String key, Path out) throws IOException {
        FileJob.Result r = job.run(in, key, out);
        hook.afterWrite(key);
        if (!r.ok()) {
            c.output(r.line());
            fail(c, key, r.error());
            return;
        }
        c.output(r.line());
        if (rows != null) {
            emitRow(c, r.entry(), in.file().toString(), r.data());
        }
        done.inc();
        audioMillis.inc(Math.round(r.seconds() * 1000));
    }

    /** {@code source}: the local file, or the URI of a remote one (hashed where it is). */
    private void emitRow(ProcessContext c, Manifest.Entry e, String source, float[] data) throws IOException {
        String sha256 = source.contains("://") ? RemoteInput.sha256(source) : Checksums.sha256(Path.of(source));
        c.output(rows, new ClipRow(e.input(), e.frames(), data.length / e.frames(), e.sampleRateHz(),
                ClipRow.settingsHash(e.settings()), sha256, data));
    }

    private void fail(ProcessContext c, String input, String reason) {
        c.output(deadLetters, DeadLetter.line(input, reason));
        failed.inc();
    }
}
