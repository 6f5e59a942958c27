package dev.convstream.bench;

import dev.convstream.kernel.Gemm;
import dev.convstream.kernel.Kernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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

/**
 * {@code C[MxN] = A[MxK] B[KxN]} for square sizes and the im2col shapes of typical conv layers
 * (M = output channels, K = Cin*kh*kw, N = output pixels or frames).
 *
 * <p>{@code multiply} packs both operands per call; {@code multiplyPacked} takes A packed once
 * (a layer's weights). Throughput mode, so the primary score is multiplies per second; the {@code flops}
 * auxiliary counter reports FLOP per second directly (2*M*N*K per multiply): divide by 1e9
 * for GFLOP/s. Run e.g.
 * {@code java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar Gemm
 * -p impl=vector -p shape=512x512x512}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GemmBenchmark {

    @Param({"scalar", "vector"})
    String impl;

    /** MxKxN. */
    @Param({"256x256x256", "512x512x512", "1024x1024x1024",
        "32x48x4096", "64x576x3136", "16x16x4096", "128x1152x784"})
    String shape;

    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;
    private Gemm gemm;
    private Gemm.Workspace workspace;
    private Gemm.PackedMatrix packedA;

    /** Floating-point operations done, so JMH reports FLOP/s next to ops/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flops;
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] d = shape.split("x");
        m = Integer.parseInt(d[0]);
        k = Integer.parseInt(d[1]);
        n = Integer.parseInt(d[2]);
        Random rnd = new Random(11);
        a = random(rnd, m * k);
        b = random(rnd, k * n);
        c = new float[m * n];
        gemm = (impl.equals("vector") ? Kernels.vector() : Kernels.scalar()).gemm();
        workspace = gemm.newWorkspace();
        packedA = gemm.pack(m, k, a, 0, k);
    }

    /** {@code len} uniform values in [-0.5, 0.5): the operands here and in {@link GemmShare}. */
    static float[] random(Random rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = rnd.nextFloat() - 0.5f;
        }
        return x;
    }

    @Benchmark
    public float[] multiply(Flops counter) {
        gemm.multiply(m, n, k, a, 0, k, b, 0, n, c, 0, n, false, workspace);
        counter.flops += 2L * m * n * k;
        return c;
    }

    /** With A packed once at setup, as the conv layers hold their weights. */
    @Benchmark
    public float[] multiplyPacked(Flops counter) {
        gemm.multiply(packedA, n, b, 0, n, c, 0, n, false, workspace);
        counter.flops += 2L * m * n * k;
        return c;
    }
}
