package dev.convstream.bench;

import dev.convstream.audio.WavWriter;
import dev.convstream.audio.AudioLoader;
import dev.convstream.batch.BatchExtractor;
import dev.convstream.batch.FeaturePipeline;
import dev.convstream.batch.InputCollector;
import dev.convstream.batch.InputFile;
import dev.convstream.batch.OutputFormat;
import dev.convstream.features.LogMelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batch feature extraction ({@code convstream features}' engine, {@link BatchExtractor}) over
 * a folder of {@value #FILES} generated WAV files of {@value #SECONDS_PER_FILE} s each, half
 * 16 kHz mono, half 44.1 kHz stereo (so decoding, mixing and resampling are in the figure),
 * to log-mel {@code .npy} files with the CLI defaults (16 kHz, n_fft 512, hop 160, 64 mels),
 * manifest and checksums included. Score: <b>seconds of audio per second</b>; compare
 * {@code threads} 1 and 2 for the parallel speed-up. Every invocation writes into a fresh,
 * empty output folder, so nothing is skipped as already complete.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true"})
public class BatchFeaturesBenchmark {
    static final int FILES = 8;
    static final int SECONDS_PER_FILE = 4;

    @Param({"1", "2"})
    public int threads;

    private Path inputDir;
    private Path outDir;
    private List<InputFile> inputs;
    private BatchExtractor extractor;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        inputDir = Files.createTempDirectory("convstream-batch-bench");
        Random r = new Random(1);
        for (int i = 0; i < FILES; i++) {
            boolean high = i % 2 == 1;
            writeWav(inputDir.resolve("f" + i + ".wav"), high ? 44_100 : 16_000, high ? 2 : 1, r);
        }
        inputs = InputCollector.collect(List.of(inputDir.toString()));
    }

    private static void writeWav(Path file, int rate, int channels, Random r) throws IOException {
        int n = rate * SECONDS_PER_FILE;
        float[][] x = new float[channels][n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            for (int c = 0; c < channels; c++) {
                x[c][i] = (float) ((8000 * Math.sin(2 * Math.PI * (300 + 400 * t) * t) + 800 * r.nextGaussian()) / 32768);
            }
        }
        WavWriter.write(file, x, rate, WavWriter.Format.PCM_16);
    }

    /** A fresh output folder per invocation (an invocation takes seconds, so the setup cost is negligible). */
    @Setup(Level.Invocation)
    public void freshOutput() throws IOException {
        outDir = Files.createTempDirectory("convstream-batch-out");
        LogMelConfig config = LogMelConfig.builder(16_000).nFft(512).hop(160).nMels(64).build();
        extractor = new BatchExtractor(FeaturePipeline.logMel(config), AudioLoader.fromEnvironment(), OutputFormat.NPY,
                outDir, threads, null);
    }

    @TearDown(Level.Invocation)
    public void removeOutput() throws IOException {
        delete(outDir);
    }

    @TearDown(Level.Trial)
    public void removeInput() throws IOException {
        delete(inputDir);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(FILES * SECONDS_PER_FILE)
    public long extractFolder() throws Exception {
        BatchExtractor.Summary s = extractor.run(inputs, BatchExtractor.Listener.NONE);
        if (s.count(BatchExtractor.Status.DONE) != FILES) {
            throw new IllegalStateException("batch did not complete: " + s.failures());
        }
        return s.count(BatchExtractor.Status.DONE);
    }
}
