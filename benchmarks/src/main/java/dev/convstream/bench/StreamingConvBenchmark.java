package dev.convstream.bench;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.stream.StreamingConv1d;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One streaming WaveNet-sized layer: causal conv 16 -> 32 channels, kernel 3, dilation 64,
 * 64-sample blocks; the score is microseconds per block (target <= 5 us).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StreamingConvBenchmark {

    static final int BLOCK = 64;

    @Param({"scalar", "vector"})
    public String kernels;

    private StreamingConv1d conv;
    private float[] in;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        Kernels k = kernels.equals("scalar") ? Kernels.scalar() : Kernels.vector();
        Conv1dSpec spec = Conv1dSpec.builder(16, 32, 3).dilation(64).causal().build();
        Random r = new Random(3);
        float[] w = new float[32 * 16 * 3];
        float[] b = new float[32];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextFloat() - 0.5f;
        }
        conv = new StreamingConv1d(spec, w, b, k);
        conv.prepare(BLOCK);
        in = new float[16 * BLOCK];
        for (int i = 0; i < in.length; i++) {
            in[i] = r.nextFloat() - 0.5f;
        }
        out = new float[32 * BLOCK];
    }

    @Benchmark
    public float[] block() {
        conv.process(in, 0, BLOCK, out, 0, BLOCK, BLOCK);
        return out;
    }
}
