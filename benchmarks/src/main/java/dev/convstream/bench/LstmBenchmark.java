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

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * NAM's {@code lstm.nam} (from {@code ../shared/nam} or {@code -Dconvstream.nam.dir}; 1 layer of 3
 * units) streaming at 48 kHz in blocks of {@code blockSize}, single thread, exact or fast tanh:
 * one op is one sample, so the score is ns per sample and the real-time factor is
 * {@code 20833 / score}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LstmBenchmark {

    static final int SAMPLES = 4096;

    @Param({"64"})
    public int blockSize;

    @Param({"exact", "fast"})
    public String tanh;

    @Param({"preferred"})
    public String kernels;

    private StreamingModel model;
    private float[] in;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        model = new NamLoader().withFastTanh(tanh.equals("fast")).load(WaveNetBenchmark.namDir().resolve("lstm.nam"))
                .newModel(kernels.equals("scalar") ? Kernels.scalar() : Kernels.preferred());
        model.prepare(blockSize);
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
        for (int t = 0; t < SAMPLES; t += blockSize) {
            model.process(in, t, out, t, Math.min(blockSize, SAMPLES - t));
        }
        return out;
    }
}
