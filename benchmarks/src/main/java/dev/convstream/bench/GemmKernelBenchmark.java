package dev.convstream.bench;

import dev.convstream.kernel.LineAligned;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
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
 * {@code VectorGemm}'s 8 x 3-vector micro-kernel alone, every operand L1-resident and on 64-byte
 * lines: one A~ panel (8 x kc), one B~ panel (kc x 48, 24 KiB at kc = 128) and one C tile
 * (8 x 48) in one {@link LineAligned} array, the tile loaded, updated kc times and stored per call
 * as in the GEMM. The ceiling the blocked product can reach: compare its {@code flops} with
 * {@code ClockBenchmark.fmaThroughput}'s peak in the same run. The kernel is private, so it is
 * reached by reflection once, and called through a constant method handle (inlined by C2).
 * Run e.g. {@code java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar
 * GemmKernelBenchmark -p kc=64,128}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GemmKernelBenchmark {

    private static final int MR = 8;
    private static final int CALLS = 8;
    private static final MethodHandle KERNEL = kernel();

    /** Depth per call: B~'s panel is kc x 48 floats (12 KiB at 64, 24 KiB at 128; L1d is 48 KiB). */
    @Param({"64", "128"})
    int kc;

    /**
     * B~ panels the {@value #CALLS} calls cycle through: 1 keeps B~ in L1 (the kernel's ceiling);
     * 8 (8 x 24 KiB at kc = 128) leaves it in L2, as the GEMM's outer order does at 512^3 and up.
     */
    @Param({"1"})
    int panels;

    /**
     * A~ panels and C tiles the calls cycle through: 1 keeps them in L1 (the kernel's ceiling); 16
     * (64 KiB of A~ at kc = 128, one 128 x kc block of rows) leaves A~ in L2 with B~ in L1, as
     * BLIS's order runs it (VectorGemm's order for shallow products until session 41).
     */
    @Param({"1"})
    int tiles;

    private int turn;
    private float[] buf;
    private int[] rows;
    private int nr;
    private int aOff;
    private int cOff;

    /** Floating-point operations done, so JMH reports FLOP/s next to ops/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flops;
    }

    private static MethodHandle kernel() {
        try {
            Class<?> c = Class.forName("dev.convstream.kernel.VectorGemm");
            Method m = c.getDeclaredMethod("kernel3Rows", int.class, float[].class, int.class, float[].class,
                    int[].class, int.class, int.class, float[].class, int.class, int.class, boolean.class,
                    float[].class, int.class);
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException {
        Class<?> c = Class.forName("dev.convstream.kernel.VectorGemm");
        java.lang.reflect.Field f = c.getDeclaredField("NR");
        f.setAccessible(true);
        nr = f.getInt(null);
        buf = LineAligned.allocate(1 << 20);
        Random rnd = new Random(5);
        for (int i = 0; i < 1 << 18; i++) {
            buf[LineAligned.ORIGIN + i] = rnd.nextFloat() - 0.5f;
        }
        rows = new int[CALLS * kc];
        for (int call = 0; call < CALLS; call++) {
            for (int p = 0; p < kc; p++) {
                rows[call * kc + p] = LineAligned.ORIGIN + ((call % panels) * kc + p) * nr;
            }
        }
        aOff = LineAligned.ORIGIN + 128 * 1024;
        cOff = LineAligned.ORIGIN + 192 * 1024;
    }

    /**
     * {@value #CALLS} calls of the kernel (long enough for {@code -bm sample}'s timer), on the same
     * panels unless {@link #panels} or {@link #tiles} spread them out of L1.
     */
    @Benchmark
    public float[] kernel(Flops counter) throws Throwable {
        for (int i = 0; i < CALLS; i++) {
            int tile = turn;
            turn = tile + 1 == tiles ? 0 : tile + 1;
            KERNEL.invokeExact(kc, buf, aOff + tile * MR * kc, buf, rows, i * kc, 0, buf, cOff + tile * MR * nr, nr,
                    true, (float[]) null, 0);
        }
        counter.flops += 2L * CALLS * MR * nr * kc;
        return buf;
    }

    /**
     * The same FMAs as {@link #kernel} (24 independent chains of {@code CALLS * kc}) with no load
     * at all, registers only ({@link FmaPeak}): the FMA peak in the same JVM, for the kernel's
     * share of it.
     */
    @Benchmark
    public float peak(Flops counter) {
        counter.flops += FmaPeak.flops((long) CALLS * kc);
        return FmaPeak.run(buf[aOff], buf[cOff], CALLS * kc);
    }
}
