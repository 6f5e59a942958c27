package dev.convstream.beam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.audio.AudioLoader;
import dev.convstream.batch.BatchExtractor;
import dev.convstream.batch.Checksums;
import dev.convstream.batch.FeatureRecipe;
import dev.convstream.batch.FileJob;
import dev.convstream.batch.InputCollector;
import dev.convstream.batch.Manifest;
import dev.convstream.batch.OutputFormat;
import dev.convstream.batch.SpectrogramPng;
import dev.convstream.features.FeatureSpec;
import dev.convstream.features.LogMelConfig;
import dev.convstream.features.io.Npy;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.TestWav;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same corpus (mixed rates, channels and bit depths, plus truncated, empty and non-audio
 * files) through the local executor, the Beam direct runner and the Flink runner on a local
 * cluster inside this JVM: the outputs are the same bytes, the manifests the same lines (order
 * aside), the dead letters the local executor's failures.
 */
class BeamFeaturesTest {
    private static final int[] RATES = {8_000, 16_000, 22_050, 44_100, 48_000};
    private static final int[] BITS = {8, 16, 24};
    private static final int GOOD_CLIPS = 24;

    @TempDir
    static Path dir;
    static Path corpus;
    static Path local;
    static BatchExtractor.Summary localSummary;

    static FeatureRecipe recipe() {
        return FeatureRecipe.of(FeatureSpec.logMel(LogMelConfig.builder(16_000).nFft(512).hop(160).nMels(32).build()));
    }

    @BeforeAll
    static void corpusAndLocalRun() throws Exception {
        corpus = dir.resolve("corpus");
        java.util.Random random = new java.util.Random(14);
        for (int i = 0; i < GOOD_CLIPS; i++) {
            int rate = RATES[i % RATES.length];
            int channels = 1 + i % 2;
            int bits = BITS[i % BITS.length];
            int frames = (int) (rate * (0.2 + 0.01 * i));
            float[][] planar = new float[channels][frames];
            for (int c = 0; c < channels; c++) {
                for (int n = 0; n < frames; n++) {
                    planar[c][n] = (float) (0.4 * Math.sin(2 * Math.PI * (150 + 40 * i + 200 * c) * n / rate)
                            + 0.05 * random.nextGaussian());
                }
            }
            // Some in a sub-folder, so names keep their relative path.
            Path f = corpus.resolve((i % 3 == 0 ? "sub/" : "") + "clip" + i + "_" + rate + "_" + channels + "ch_" + bits + "bit.wav");
            Files.createDirectories(f.getParent());
            TestWav.write(f, planar, new AudioFormat(rate, bits, channels, true, false), AudioFileFormat.Type.WAVE);
        }
        Path whole = corpus.resolve("clip1_16000_2ch_16bit.wav");
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(corpus.resolve("truncated.wav"), java.util.Arrays.copyOf(bytes, 30));
        Files.write(corpus.resolve("empty.wav"), new byte[0]);
        Files.writeString(corpus.resolve("notes.wav"), "not audio at all\n");

        local = dir.resolve("local");
        FileJob job = new FileJob(recipe().build(), AudioLoader.fromEnvironment(), OutputFormat.NPY, null);
        localSummary = new BatchExtractor(job, local, 2)
                .run(InputCollector.collect(List.of(corpus.toString())), BatchExtractor.Listener.NONE);
        assertEquals(GOOD_CLIPS, localSummary.count(BatchExtractor.Status.DONE));
        assertEquals(3, localSummary.count(BatchExtractor.Status.FAILED));
    }

    private static PipelineOptions direct() {
        PipelineOptions o = PipelineOptionsFactory.create();
        o.setRunner(DirectRunner.class);
        return o;
    }

    /** Flink on a local cluster in this JVM, {@code slots} parallel, with {@code conf} in its configuration. */
    static FlinkPipelineOptions flink(int slots, Path confDir, Map<String, String> conf) throws IOException {
        FlinkPipelineOptions o = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
        o.setRunner(FlinkRunner.class);
        o.setFlinkMaster("[local]");
        o.setParallelism(slots);
        o.setFlinkConfDir(FlinkConfiguration.write(confDir, conf).toString());
        return o;
    }

    private static BeamFeatures.Summary beam(Path out, PipelineOptions options, AttemptHook hook) throws IOException {
        return beam(out, options, false, hook);
    }

    private static BeamFeatures.Summary beam(Path out, PipelineOptions options, boolean parquet, AttemptHook hook)
            throws IOException {
        return new BeamFeatures(recipe(), OutputFormat.NPY, out, parquet, hook)
                .run(List.of(corpus.toString()), null, options, BeamFeatures.Progress.NONE);
    }

    @Test
    void directRunnerWritesTheLocalExecutorsBytesManifestAndFailures() throws Exception {
        Path out = dir.resolve("direct");
        BeamFeatures.Summary s = beam(out, direct(), AttemptHook.NONE);
        assertEquals(GOOD_CLIPS, s.done());
        assertEquals(3, s.failed());
        assertSameAsLocal(out);
    }

    /** Parquet rows, read back with Apache Parquet's reader, hold what the .npy files and the manifest say. */
    /** {@code --png} with a runner: the workers draw each spectrogram next to its output, the local executor's bytes. */
    @Test
    void picturesAreDrawnOnTheWorkersAsLocally() throws Exception {
        Path sub = corpus.resolve("sub");
        Path localPng = dir.resolve("local-png");
        FileJob job = new FileJob(recipe().build(), AudioLoader.fromEnvironment(), OutputFormat.NPY,
                new SpectrogramPng(0));
        new BatchExtractor(job, localPng, 1).run(InputCollector.collect(List.of(sub.toString())),
                BatchExtractor.Listener.NONE);
        Path out = dir.resolve("direct-png");
        BeamFeatures.Summary s = new BeamFeatures(recipe().withPng(0), OutputFormat.NPY, out, false, AttemptHook.NONE)
                .run(List.of(sub.toString()), null, direct(), BeamFeatures.Progress.NONE);
        assertEquals(0, s.failed());
        Map<String, byte[]> expected = outputs(localPng);
        Map<String, byte[]> actual = outputs(out);
        assertEquals(expected.keySet(), actual.keySet());
        assertEquals(2 * s.done(), expected.size(), "one .npy and one .png per input: " + expected.keySet());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), actual.get(e.getKey()), e.getKey());
        }
    }

    @Test
    void parquetRowsEqualTheNpyFiles() throws Exception {
        Path out = dir.resolve("parquet");
        beam(out, direct(), true, AttemptHook.NONE);
        Map<String, Manifest.Entry> entries = new TreeMap<>();
        for (String line : Files.readAllLines(out.resolve(Manifest.FILE_NAME))) {
            Manifest.Entry e = Manifest.parseEntry(line);
            if (e != null) {
                entries.put(e.input(), e);
            }
        }
        List<Path> shards;
        try (Stream<Path> list = Files.list(out.resolve("parquet"))) {
            shards = list.filter(p -> p.getFileName().toString().matches("features-\\d{5}-of-\\d{5}\\.parquet")).toList();
        }
        assertFalse(shards.isEmpty());
        Set<String> seen = new java.util.HashSet<>();
        for (Path shard : shards) {
            try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(shard))
                    .withConf(new PlainParquetConfiguration()).build()) {
                for (GenericRecord r; (r = reader.read()) != null; ) {
                    String input = r.get("input").toString();
                    assertTrue(seen.add(input), "one row per clip: " + input);
                    Manifest.Entry e = entries.get(input);
                    Tensor npy = Npy.read(out.resolve(e.output()));
                    assertEquals(npy.dim(0), (int) r.get("frames"), input);
                    assertEquals(npy.dim(1), (int) r.get("bins"), input);
                    assertEquals(16_000, (int) r.get("sample_rate_hz"));
                    assertEquals(Checksums.sha256(Path.of(input)), r.get("source_sha256").toString());
                    assertEquals(ClipRow.settingsHash(e.settings()), r.get("settings_sha256").toString());
                    List<?> values = (List<?>) r.get("features");
                    float[] row = new float[values.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = (Float) values.get(i);
                    }
                    assertArrayEquals(npy.data(), row, 0f, input); // exact: float32 written, float32 read
                }
            }
        }
        assertEquals(entries.keySet(), seen);
    }

    @Test
    void aRerunSkipsCompleteInputsAndRetriesFailedOnesWithoutRepeatingThem() throws Exception {
        Path out = dir.resolve("resume");
        beam(out, direct(), AttemptHook.NONE);
        Path damaged = out.resolve("clip2_22050_1ch_24bit.wav.npy");
        assertTrue(Files.isRegularFile(damaged), damaged.toString());
        Files.write(damaged, new byte[] {1, 2, 3});
        BeamFeatures.Summary again = beam(out, direct(), AttemptHook.NONE);
        assertEquals(1, again.done(), "only the damaged output is redone");
        assertEquals(GOOD_CLIPS - 1, again.skipped());
        assertEquals(3, again.failed(), "bad inputs are tried again");
        assertSameFilesAndDeadLetters(out);
        // The manifest: the first run's lines (the local ones), plus the redone file's line again
        // (same bytes, same checksum); the repeated failures are not appended.
        List<String> expected = new java.util.ArrayList<>(lines(local.resolve(Manifest.FILE_NAME)));
        expected.add(expected.stream().filter(l -> l.contains("\"clip2_22050_1ch_24bit.wav.npy\"")).findFirst().orElseThrow());
        assertEquals(expected.stream().sorted().toList(), lines(out.resolve(Manifest.FILE_NAME)));
    }

    @Test
    void flinkOnALocalClusterWritesTheLocalExecutorsBytesManifestAndFailures() throws Exception {
        Path out = dir.resolve("flink");
        BeamFeatures.Summary s = beam(out, flink(2, dir.resolve("flink-conf"), Map.of()), AttemptHook.NONE);
        assertEquals(GOOD_CLIPS, s.done());
        assertSameAsLocal(out);
    }

    /**
     * The first attempt of one element fails after its output was written (a worker lost at the
     * worst moment); Flink restarts the job. The retry rewrites the same bytes through a new
     * temporary file: no partial file, no temporary left, no duplicate manifest line.
     */
    @Test
    void aRetriedBundleLeavesNoPartialOrDuplicateOutput() throws Exception {
        Path out = dir.resolve("retried");
        String marker = dir.resolve("failed-once").toString(); // text: the hook travels by Java serialization
        String victim = corpus.resolve("clip4_48000_1ch_16bit.wav").toString();
        assertTrue(Files.isRegularFile(Path.of(victim)), victim);
        // Beam's batch translation takes restarts from the Flink configuration, not from its options.
        FlinkPipelineOptions o = flink(2, dir.resolve("flink-conf-restarts"), Map.of(
                "restart-strategy.type", "fixed-delay",
                "restart-strategy.fixed-delay.attempts", "2",
                "restart-strategy.fixed-delay.delay", "10 ms"));
        beam(out, o, input -> {
            if (input.equals(victim) && !Files.exists(Path.of(marker))) {
                Files.createFile(Path.of(marker));
                throw new IOException("injected: worker lost after writing " + input);
            }
        });
        assertTrue(Files.exists(Path.of(marker)), "the failure was injected");
        assertSameAsLocal(out);
    }

    private static void assertSameAsLocal(Path out) throws IOException {
        assertSameFilesAndDeadLetters(out);
        assertEquals(lines(local.resolve(Manifest.FILE_NAME)), lines(out.resolve(Manifest.FILE_NAME)));
    }

    private static void assertSameFilesAndDeadLetters(Path out) throws IOException {
        Map<String, byte[]> expected = outputs(local);
        Map<String, byte[]> actual = outputs(out);
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), actual.get(e.getKey()), e.getKey());
        }
        Set<DeadLetter> expectedDead = localSummary.failures().stream()
                .map(o -> new DeadLetter(o.input().name(), o.error())).collect(Collectors.toSet());
        Set<DeadLetter> dead = Files.readAllLines(out.resolve(DeadLetter.FILE_NAME)).stream()
                .map(DeadLetter::parse).collect(Collectors.toSet());
        assertEquals(expectedDead, dead);
    }

    /** Every file under {@code root} except the run's own records, by relative name; no temporaries. */
    private static Map<String, byte[]> outputs(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(p).toString();
                assertFalse(name.endsWith(".tmp"), "temporary left: " + name);
                if (!name.equals(Manifest.FILE_NAME) && !name.equals(DeadLetter.FILE_NAME)) {
                    files.put(name, Files.readAllBytes(p));
                }
            }
        }
        return files;
    }

    private static List<String> lines(Path manifest) throws IOException {
        return Files.readAllLines(manifest, StandardCharsets.UTF_8).stream().sorted().toList();
    }
}
