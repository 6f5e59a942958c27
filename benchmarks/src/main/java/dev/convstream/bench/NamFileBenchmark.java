package dev.convstream.bench;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.nam.NamLoader;
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
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code .nam} file from {@code ../shared/nam} (or {@code -Dconvstream.nam.dir}) streamed
 * as the NAM plugin plays it: 48 kHz, blocks of 64, one thread, the submodel NAM core plays by
 * default for a container (A2), exact or fast tanh. One op is one sample, so the score is ns per
 * sample and the real-time factor is {@code 1e9/48000 / score}. Unlike {@link WaveNetBenchmark}
 * it has no stand-in model: without the file the trial fails, naming it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class NamFileBenchmark {

    static final int SAMPLES = 4096;
    static final int BLOCK = 64;

    @Param({"A2.nam", "wavenet_a1_standard.nam"})
    public String file;

    @Param({"exact", "fast"})
    public String tanh;

    private StreamingModel model;
    private float[] in;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path path = WaveNetBenchmark.namDir().resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no " + path + ": set -Dconvstream.nam.dir to the folder of NAM's files");
        }
        model = new NamLoader().withFastTanh(tanh.equals("fast")).load(path).newModel(Kernels.preferred());
        model.prepare(BLOCK);
        in = new float[SAMPLES];
        Random r = new Random(2);
        for (int i = 0; i < SAMPLES; i++) {
            in[i] = (float) (0.5 * Math.sin(i * 0.05) + 0.1 * r.nextGaussian());
        }
        out = new float[SAMPLES];
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public float[] stream() {
        for (int t = 0; t < SAMPLES; t += BLOCK) {
            model.process(in, t, out, t, BLOCK);
        }
        return out;
    }
}
