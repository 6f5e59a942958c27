package dev.convstream.beam;

import dev.convstream.batch.FeatureRecipe;
import dev.convstream.batch.Manifest;
import dev.convstream.batch.OutputFormat;
import dev.convstream.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * {@code convstream features} as an Apache Beam pipeline: inputs expanded by
 * {@code FileIO.matchAll()} (what {@code FileIO.match()} expands to, here without its reshuffle),
 * named as the local executor names them, one source per output name, then the per-file job
 * ({@link ExtractFeatures} around batch's {@code FileJob}) on the workers. Outputs: one file
 * per input in the output folder (written by the workers through a temporary name and a rename),
 * optional Parquet shards ({@link ParquetRows}), and the manifest lines and dead letters
 * ({@link RunRecord}s of one file sink), which the driver, when the job has finished, appends to
 * {@code manifest.jsonl} through {@link Manifest} (so the manifest equals the local executor's,
 * order aside) and writes to {@link DeadLetter#FILE_NAME}.
 *
 * <p>The output folder must be one that every worker and the driver see at the same path (local
 * for the direct runner and a local Flink; a shared mount on a cluster).
 */
public final class BeamFeatures {
    /** The job's manifest lines and dead letters ({@link RunRecord}), which the driver splits. */
    static final String RECORDS = ".beam-records";
    static final String RESUME_LINES = ".beam-resume.jsonl";
    /** Where the Parquet shards go, under the output folder. */
    public static final String PARQUET_DIR = "parquet";

    /** What a run did, from the job's metrics (files and seconds of audio). */
    public record Summary(long done, long skipped, long failed, double seconds) {
    }

    /** Told the job's counters while the job runs, where the runner reports them during the run. */
    public interface Progress extends Consumer<Summary> {
        Progress NONE = s -> {
        };
    }

    private final FeatureRecipe recipe;
    private final OutputFormat format;
    private final Path outDir;
    private final boolean parquet;
    private final AttemptHook hook;

    /**
     * @param parquet also write {@code <out>/parquet/features-SSSSS-of-NNNNN.parquet}, one row per clip
     *                (every clip of the inputs, also those a resumed run skips; needs {@code .npy} outputs)
     * @param hook    {@link AttemptHook#NONE}, or a test's failure injection
     */
    public BeamFeatures(FeatureRecipe recipe, OutputFormat format, Path outDir, boolean parquet, AttemptHook hook) {
        if (parquet && format != OutputFormat.NPY) {
            throw new IllegalArgumentException("Parquet rows come with .npy outputs (the resumable unit), not ." + format.extension());
        }
        this.recipe = recipe;
        this.format = format;
        this.outDir = outDir.toAbsolutePath().normalize();
        this.parquet = parquet;
        this.hook = hook;
    }

    /**
     * Builds and runs the job over {@code inputs} (files, folders, globs, URIs) and the lines of
     * {@code inputList} (files or URIs, may be null), waits for it, and merges its manifest lines.
     *
     * @throws IllegalArgumentException when a local input is no file, folder, glob or URI
     * @throws IOException              when the job did not finish
     */
    public Summary run(List<String> inputs, Path inputList, PipelineOptions options, Progress progress)
            throws IOException {
        if (inputs.isEmpty() && inputList == null) {
            throw new IllegalArgumentException("no INPUT given (files, folders, globs or an input list)");
        }
        Files.createDirectories(outDir);
        if (parquet) {
            removeOldShards(outDir.resolve(PARQUET_DIR));
        }
        try (Manifest manifest = Manifest.open(outDir)) {
            // The complete entries reach the workers as a file they read, not inside the job graph:
            // a million lines would not fit there.
            Path resume = outDir.resolve(RESUME_LINES);
            Files.write(resume, manifest.completedLines().values(), StandardCharsets.UTF_8);
            Pipeline p = Pipeline.create(options);
            build(p, inputs, inputList, resume);
            PipelineResult result = p.run();
            PipelineResult.State state;
            do {
                state = result.waitUntilFinish(Duration.millis(250));
                progress.accept(summary(result));
            } while (state == null || !state.isTerminal());
            if (state != PipelineResult.State.DONE) {
                throw new IOException("the Beam job ended " + state);
            }
            Path part = outDir.resolve(RECORDS + ".jsonl");
            StringBuilder deadLetters = new StringBuilder();
            for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                RunRecord r = RunRecord.parse(line);
                if (r.deadLetter()) {
                    deadLetters.append(r.line()).append('\n');
                } else {
                    manifest.record(r.line());
                }
            }
            byte[] dead = deadLetters.toString().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(outDir.resolve(DeadLetter.FILE_NAME), out -> out.write(dead));
            Files.delete(part);
            Files.delete(resume);
            return summary(result);
        }
    }

    private void build(Pipeline p, List<String> inputs, Path inputList, Path resume) {
        KvCoder<String, String> pairs = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
        PCollectionView<Map<String, String>> recorded = p
                .apply("Manifest entries", TextIO.read().from(resume.toString()))
                .apply("By input", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                        TypeDescriptors.strings())).via((String line) -> KV.of(Manifest.parseEntry(line).input(), line)))
                .setCoder(pairs)
                .apply("Entries by input", View.asMap());
        List<PCollection<KV<String, String>>> named = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputSource source = InputSource.of(inputs.get(i));
            // FileIO.match() as it expands, without its reshuffle of the matches: "By output" below
            // spreads them over the workers anyway.
            named.add(p.apply("Pattern " + i + " " + inputs.get(i), Create.of(source.pattern()))
                    .apply("Match " + i, FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW)
                            .withOutputParallelization(false))
                    .apply("Name " + i, ParDo.of(new NameMatches(source))));
        }
        if (inputList != null) {
            named.add(p.apply("Input list", TextIO.read().from(inputList.toAbsolutePath().toString()))
                    .apply("Non-blank", Filter.by((String line) -> !line.isBlank()))
                    .apply("Match listed", FileIO.matchAll().withOutputParallelization(false))
                    .apply("Name listed", ParDo.of(new NameMatches(InputSource.listed()))));
        }
        TupleTag<KV<String, String>> unique = new TupleTag<>("unique");
        TupleTag<String> conflicts = new TupleTag<>("conflicts");
        // One shuffle: OneSourcePerOutput drops a source listed twice (two patterns matching one file).
        PCollectionTuple sources = PCollectionList.of(named).apply("All inputs", Flatten.pCollections())
                .setCoder(pairs)
                .apply("By output", GroupByKey.create())
                .apply("One source per output", ParDo.of(new OneSourcePerOutput(conflicts))
                        .withOutputTags(unique, TupleTagList.of(conflicts)));

        TupleTag<String> lines = new TupleTag<>("manifest-lines");
        TupleTag<String> dead = new TupleTag<>("dead-letters");
        TupleTag<ClipRow> rows = new TupleTag<>("parquet-rows");
        PCollectionTuple extracted = sources.get(unique).setCoder(pairs)
                .apply("Extract features", ParDo.of(new ExtractFeatures(recipe, format, outDir, recorded, dead,
                                parquet ? rows : null, hook))
                        .withSideInputs(recorded)
                        .withOutputTags(lines, parquet ? TupleTagList.of(dead).and(rows) : TupleTagList.of(dead)));

        // One file sink for the manifest lines and the dead letters: each sink costs the engine
        // shuffles, temporary files and a finalisation step, whatever it carries.
        PCollectionList.of(extracted.get(lines).setCoder(StringUtf8Coder.of())
                        .apply("As manifest records", MapElements.into(TypeDescriptors.strings()).via(RunRecord::manifest)))
                .and(PCollectionList.of(sources.get(conflicts).setCoder(StringUtf8Coder.of()))
                        .and(extracted.get(dead).setCoder(StringUtf8Coder.of()))
                        .apply("All dead letters", Flatten.pCollections())
                        .apply("As dead-letter records", MapElements.into(TypeDescriptors.strings())
                                .via(RunRecord::deadLetter)))
                .apply("All records", Flatten.pCollections())
                .apply("Write records", TextIO.write().to(outDir.resolve(RECORDS).toString())
                        .withSuffix(".jsonl").withoutSharding());
        if (parquet) {
            extracted.get(rows).setCoder(SerializableCoder.of(ClipRow.class))
                    .apply("Write Parquet", new ParquetRows(outDir.resolve(PARQUET_DIR).toString()));
        }
    }

    /** Every run writes the shards of every clip: an earlier run's (maybe in another number of shards) go. */
    private static void removeOldShards(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var old = Files.newDirectoryStream(dir, "features-*-of-*.parquet")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
    }

    private static Summary summary(PipelineResult result) {
        long done = 0;
        long skipped = 0;
        long failed = 0;
        long millis = 0;
        try {
            for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(ExtractFeatures.METRICS)).build()).getCounters()) {
                long v = c.getAttempted();
                switch (c.getName().getName()) {
                    case "files_done" -> done += v;
                    case "files_skipped" -> skipped += v;
                    case "files_failed" -> failed += v;
                    case "audio_milliseconds" -> millis += v;
                    default -> { }
                }
            }
        } catch (UnsupportedOperationException | IllegalStateException notDuringTheRun) {
            // Some runners report metrics only once the job has finished.
        }
        return new Summary(done, skipped, failed, millis / 1000.0);
    }
}
