package dev.convstream.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core's clock and FP32 peak under load, the yardsticks for GEMM efficiency.
 * <ul>
 * <li>{@code fmaLatencyChain}: ns per FMA of one dependent scalar FMA chain. An FMA has a
 *     4-cycle latency on Zen 4 and Zen 5, so clock (GHz) = 4 / score.</li>
 * <li>{@code fmaThroughput}: ns per vector FMA over 12 independent accumulator chains (enough to
 *     cover 4 cycles of latency on two pipes), registers only: FP32 peak = 2 * lanes / score
 *     FLOP per ns (GFLOP/s), and peak / clock = FLOP per cycle (64 on Zen 5's two 512-bit pipes,
 *     32 on Zen 4's double-pumped ones).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ClockBenchmark {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int CHAIN = 4096;

    float x = 1.0000001f;
    float y = 0.9999999f;
    float[] seed = new float[S.length()];

    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public float fmaLatencyChain() {
        float a = x;
        float b = y;
        float acc = 0f;
        for (int i = 0; i < CHAIN; i++) {
            acc = Math.fma(acc, a, b);
        }
        return acc;
    }

    /** 12 chains x CHAIN / 12 steps = CHAIN vector FMAs. */
    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public float fmaThroughput() {
        FloatVector m = FloatVector.broadcast(S, x);
        FloatVector c = FloatVector.broadcast(S, y);
        FloatVector a0 = FloatVector.fromArray(S, seed, 0);
        FloatVector a1 = a0.add(1f), a2 = a0.add(2f), a3 = a0.add(3f), a4 = a0.add(4f), a5 = a0.add(5f);
        FloatVector a6 = a0.add(6f), a7 = a0.add(7f), a8 = a0.add(8f), a9 = a0.add(9f), a10 = a0.add(10f);
        FloatVector a11 = a0.add(11f);
        for (int i = 0; i < CHAIN / 12; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .lane(0);
    }
}
