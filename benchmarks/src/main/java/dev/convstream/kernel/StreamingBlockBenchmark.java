package dev.convstream.kernel;

import dev.convstream.spec.Conv1dSpec;
import dev.convstream.stream.StreamingConv1d;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import java.util.concurrent.TimeUnit;
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
 * Case (g) taken apart (issue 18): one block of {@code StreamingWorkload}'s layer (causal conv
 * 16->32, k3, dilation 64, 64 frames) as the whole {@code process} call and as its parts, with
 * the streaming kernel of {@code impl}: {@code baseline} is the vector family's general tile
 * ({@code VectorStreamingConv.correlate}, main's kernel at ab9b6e7) on unpacked weights,
 * {@code current} the family as it is ({@code fix} packs k = 3: {@code VectorPackedStreamingConv}).
 * In the {@code kernel} package (of the benchmarks module) so it can build a family. Both use this
 * tree's {@code StreamingConv1d} (its sliding history). Parts:
 * <ul>
 * <li>{@code process}: {@code StreamingConv1d.process}, as {@code PeerBenchmark}'s G_STREAMING;</li>
 * <li>{@code kernel}: the kernel's {@code correlate} alone on a linear history (no ring write);</li>
 * <li>{@code ringWrite}: main's ring write alone (each channel's block stored twice, as
 *     {@code StreamingConv1d.writeRing} at ab9b6e7); {@code slidingWrite}: this tree's (once, the
 *     history moved every 8 blocks); {@code slidingLoopWrite}: the same with a plain copy loop;</li>
 * <li>{@code fmaFloor}, {@code clockChain}: the FMA floor of a block and the clock;</li>
 * <li>{@code empty}: nothing (what JMH's timing costs per sample).</li>
 * </ul>
 * Sample mode, so p0 and p50 are read as in the peer run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StreamingBlockBenchmark {
    static final int IN = 16;
    static final int OUT = 32;
    static final int K = 3;
    static final int D = 64;
    static final int BLOCK = 64;
    static final int HISTORY = D * (K - 1);
    private static final int BLOCKS = 8;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int FMAS = OUT * BLOCK / S.length() * IN * K;
    static final int CHAIN = 768;

    public float mul = 1.0000001f;
    public float add = 0.9999999f;
    private final float[] seed = new float[S.length()];

    @Param({"baseline", "current"})
    public String impl;

    /**
     * Frames by which {@code kernel}'s history starts later in its array: one of 16 shifts puts
     * the 64-byte loads on cache-line boundaries (the array's own address is the JVM's).
     */
    @Param({"0"})
    public int shift;

    private StreamingConv1d conv;
    private StreamingConvKernel.Fixed kernel;
    private final float[] w = new float[OUT * IN * K];
    private final float[] b = new float[OUT];
    private final float[][] blocks = new float[BLOCKS][IN * BLOCK];
    private final float[] linear = new float[IN * (HISTORY + BLOCK) + 16];
    private final float[] ring = new float[IN * 2 * (HISTORY + BLOCK)];
    private final float[] out = new float[OUT * BLOCK];
    private int next;
    private int writePos;
    private final float[] sliding = new float[IN * (HISTORY + 8 * BLOCK)];
    private int slidePos = HISTORY;

    @Setup(Level.Trial)
    public void setUp() {
        Random r = new Random(17);
        fill(r, w);
        fill(r, b);
        for (float[] block : blocks) {
            fill(r, block);
        }
        fill(r, linear);
        Kernels vector = Kernels.vector();
        StreamingConvKernel streaming = impl.equals("baseline") ? new Unpacked(vector.streamingConv())
                : vector.streamingConv();
        kernel = streaming.forShape(OUT, K, D).fix(OUT, IN, K, D, w, 0, b, 0);
        Kernels family = new KernelFamily("vector", impl, vector.gemm(), vector.depthwise(), vector.math(),
                streaming,
                vector.transposedScatter(), vector.rowDots(), vector.firPlan(), vector.smallLstm(), vector.winograd());
        Conv1dSpec spec = Conv1dSpec.builder(IN, OUT, K).dilation(D).causal().build();
        conv = new StreamingConv1d(spec, w, b, family);
        conv.prepare(BLOCK);
    }

    /**
     * The vector family's streaming kernel without its packed path: {@code fix} keeps the default
     * (each call the general {@code correlate}, main's kernel at ab9b6e7, whose code did not change).
     */
    private record Unpacked(StreamingConvKernel kernel) implements StreamingConvKernel {
        @Override
        public void correlate(int cout, int cin, int k, int dilation, float[] w, int wOff, float[] bias, int bOff,
                              float[] x, int xOff, int xStride, float[] base, int baseOff, int baseStride,
                              float[] y, int yOff, int yStride, int n) {
            kernel.correlate(cout, cin, k, dilation, w, wOff, bias, bOff, x, xOff, xStride, base, baseOff, baseStride,
                    y, yOff, yStride, n);
        }
    }

    private static void fill(Random r, float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian() * 0.1f;
        }
    }

    private float[] nextBlock() {
        float[] in = blocks[next];
        next = (next + 1) & (BLOCKS - 1);
        return in;
    }

    @Benchmark
    public Object process() {
        conv.process(nextBlock(), 0, BLOCK, out, 0, BLOCK, BLOCK);
        return out;
    }

    @Benchmark
    public Object kernel() {
        nextBlock();
        kernel.correlate(linear, HISTORY + shift, HISTORY + BLOCK, out, 0, BLOCK, BLOCK);
        return out;
    }

    @Benchmark
    public Object ringWrite() {
        writeRingTwice(nextBlock());
        return ring;
    }

    /** One copy per channel into a linear row of history + 8 blocks, the history moved to the front every 8 blocks. */
    @Benchmark
    public Object slidingWrite() {
        float[] in = nextBlock();
        int rowLength = HISTORY + 8 * BLOCK;
        if (slidePos + BLOCK > rowLength) {
            for (int c = 0; c < IN; c++) {
                System.arraycopy(sliding, c * rowLength + slidePos - HISTORY, sliding, c * rowLength, HISTORY);
            }
            slidePos = HISTORY;
        }
        for (int c = 0; c < IN; c++) {
            System.arraycopy(in, c * BLOCK, sliding, c * rowLength + slidePos, BLOCK);
        }
        slidePos += BLOCK;
        return sliding;
    }

    /** As slidingWrite, the block copied by a plain loop (C2 vectorises it) instead of System.arraycopy. */
    @Benchmark
    public Object slidingLoopWrite() {
        float[] in = nextBlock();
        int rowLength = HISTORY + 8 * BLOCK;
        if (slidePos + BLOCK > rowLength) {
            for (int c = 0; c < IN; c++) {
                System.arraycopy(sliding, c * rowLength + slidePos - HISTORY, sliding, c * rowLength, HISTORY);
            }
            slidePos = HISTORY;
        }
        for (int c = 0; c < IN; c++) {
            int src = c * BLOCK;
            int dst = c * rowLength + slidePos;
            for (int i = 0; i < BLOCK; i++) {
                sliding[dst + i] = in[src + i];
            }
        }
        slidePos += BLOCK;
        return sliding;
    }

    @Benchmark
    public Object empty() {
        return nextBlock();
    }

    /**
     * The block's multiply-adds and nothing else: {@code OUT * BLOCK / lanes * IN * K} vector FMAs
     * (6,144 with 16 lanes) on 16 independent register accumulators, no loads or stores: the
     * floor a direct kernel cannot go below on this core.
     */
    @Benchmark
    public float fmaFloor() {
        return FmaFloor.run(seed, mul, add, FMAS / 16);
    }

    /**
     * {@value #CHAIN} dependent scalar FMAs: with the 4-cycle FMA latency of Golden Cove-class
     * Xeons, {@code 4 * CHAIN} cycles, so the clock in GHz is {@code 4 * CHAIN / ns}.
     */
    @Benchmark
    public float clockChain() {
        float a = mul;
        float b = add;
        float acc = 0f;
        for (int i = 0; i < CHAIN; i++) {
            acc = Math.fma(acc, a, b);
        }
        return acc;
    }

    /** StreamingConv1d.writeRing for this shape: R = HISTORY + BLOCK, so a block never wraps. */
    private void writeRingTwice(float[] in) {
        int ringSize = HISTORY + BLOCK;
        int rowLength = 2 * ringSize;
        for (int c = 0; c < IN; c++) {
            int dst = c * rowLength + writePos;
            System.arraycopy(in, c * BLOCK, ring, dst, BLOCK);
            System.arraycopy(in, c * BLOCK, ring, dst + ringSize, BLOCK);
        }
        writePos += BLOCK;
        if (writePos >= ringSize) {
            writePos -= ringSize;
        }
    }
}
