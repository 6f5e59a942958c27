package dev.convstream.bench;

import dev.convstream.kernel.ElementwiseMath;
import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.LineAligned;
import dev.convstream.kernel.StreamingConvKernel;
import dev.convstream.stream.SlidingRows;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

/**
 * Where NAM A1 standard's time goes, step by step: the model's kernel calls alone, with its shapes
 * (two arrays of 10 layers, 16 and 8 channels, dilations 1 to 512, blocks of 64), laid out as
 * {@code model.WaveNetStack} lays them (every history's rows, the head sums and {@code z} carved from
 * one {@link LineAligned} array), but only the steps asked for. Random weights: the time does not
 * depend on them. As the model runs since session 40 ({@code model.ConvFold}): the first array's
 * first conv reads the mono input (1 -> 16, folded through the rechannel) from a one-row history,
 * and the second array's last residual 1x1, whose output no one reads, is not run. The figures of
 * BENCHMARKS.md "Session 36" section 2 and "Session 39" section 1 came from this driver (then a
 * scratch file) before those two changes.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * dev.convstream.bench.WaveNetKernelSplit [seconds [steps [arrays [dilations]]]]}, where steps is a
 * comma list of {@code conv} (the dilated conv with its mixin), {@code tanh} (the fast tanh into the
 * head sum), {@code residual} (the 1x1 onto h into the next layer's history) or {@code none}
 * (default all three); arrays is {@code 1}, {@code 2} or {@code both}; dilations is {@code model} or
 * {@code one} (every layer at dilation 1: the same work with every tap in L1). Each array's
 * rechannel, head and head-sum copy always run (steps {@code none} measures them alone). Prints the
 * best and median thread CPU ns per sample over rounds of 64 blocks.
 */
public final class WaveNetKernelSplit {

    enum Step { CONV, TANH, RESIDUAL }

    private static final int N = 64;
    private static final int LAYERS = 10;
    private static final int[] CHANNELS = {16, 8};

    private final Set<Step> steps;
    private final boolean[] arrays;
    private final ElementwiseMath math;
    private final SlidingRows[][] rows = new SlidingRows[2][LAYERS];
    private final SlidingRows folded; // the first conv's input: the mono input x
    private final StreamingConvKernel.Fixed[][] conv = new StreamingConvKernel.Fixed[2][LAYERS];
    private final StreamingConvKernel.Fixed[][] residual = new StreamingConvKernel.Fixed[2][LAYERS];
    private final float[][][] mixin = new float[2][LAYERS][];
    private final StreamingConvKernel.Fixed[] rechannel = new StreamingConvKernel.Fixed[2];
    private final StreamingConvKernel.Fixed[] head = new StreamingConvKernel.Fixed[2];
    private final float[] shared;
    private final int[] headSum = new int[2];
    private final int z;
    private final float[] x;
    private final float[] hOut = new float[16 * N];
    private final float[][] headOut = {new float[8 * N], new float[N]};

    WaveNetKernelSplit(Kernels kernels, Set<Step> steps, boolean[] arrays, boolean dilationOne) {
        this.steps = steps;
        this.arrays = arrays;
        this.math = kernels.math();
        StreamingConvKernel family = kernels.streamingConv();
        Random r = new Random(1);
        long floats = 0;
        for (int a = 0; a < 2; a++) {
            int c = CHANNELS[a];
            for (int l = 0; l < LAYERS; l++) {
                int d = dilationOne ? 1 : 1 << l;
                boolean fold = a == 0 && l == 0;
                rows[a][l] = new SlidingRows(c, fold ? 0 : 2 * d, true);
                floats += rows[a][l].floats(N);
                conv[a][l] = fix(family, r, c, fold ? 1 : c, 3, d, true);
                residual[a][l] = fix(family, r, c, c, 1, 1, true);
                mixin[a][l] = gaussian(r, c);
            }
            floats += 2 * LineAligned.roundUp((long) c * N);
        }
        folded = new SlidingRows(1, 2, true);
        floats += folded.floats(N);
        rechannel[0] = fix(family, r, 16, 1, 1, 1, false);
        rechannel[1] = fix(family, r, 8, 16, 1, 1, false);
        head[0] = fix(family, r, 8, 16, 1, 1, false);
        head[1] = fix(family, r, 1, 8, 1, 1, true);
        shared = LineAligned.allocate(floats + 16L * N);
        int at = LineAligned.ORIGIN;
        for (int a = 0; a < 2; a++) {
            for (SlidingRows s : rows[a]) {
                s.attach(shared, at);
                at += (int) s.floats(N);
            }
        }
        folded.attach(shared, at);
        at += (int) folded.floats(N);
        for (int a = 0; a < 2; a++) {
            headSum[a] = at;
            at += (int) LineAligned.roundUp((long) CHANNELS[a] * N);
        }
        z = at;
        x = gaussian(r, N);
    }

    private static StreamingConvKernel.Fixed fix(StreamingConvKernel family, Random r, int cout, int cin, int k, int d,
                                                 boolean bias) {
        return family.forShape(cout, k, d).fix(cout, cin, k, d, gaussian(r, cout * cin * k), 0,
                bias ? gaussian(r, cout) : null, 0);
    }

    private static float[] gaussian(Random r, int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) r.nextGaussian() * 0.1f;
        }
        return w;
    }

    /** One block of 64 frames through the arrays asked for. */
    void block() {
        if (arrays[0]) {
            array(0, x, 0);
        }
        if (arrays[1]) {
            array(1, hOut, 0);
        }
    }

    private void array(int a, float[] in, int inOff) {
        int c = CHANNELS[a];
        SlidingRows[] rr = rows[a];
        for (SlidingRows s : rr) {
            s.beginBlock(N);
        }
        int hs = headSum[a];
        if (a == 0) {
            Arrays.fill(shared, hs, hs + c * N, 0f);
        } else {
            System.arraycopy(headOut[0], 0, shared, hs, c * N);
        }
        rechannel[a].correlate(in, inOff, N, shared, rr[0].pos(), rr[0].rowLength(), N);
        if (a == 0) {
            folded.beginBlock(N);
            System.arraycopy(in, inOff, shared, folded.pos(), N);
        }
        for (int l = 0; l < LAYERS; l++) {
            SlidingRows s = rr[l];
            SlidingRows convIn = a == 0 && l == 0 ? folded : s;
            if (steps.contains(Step.CONV)) {
                conv[a][l].correlateWithMixin(shared, convIn.pos(), convIn.rowLength(), mixin[a][l], 0, x, 0, shared, z,
                        N, N);
            }
            if (steps.contains(Step.TANH)) {
                math.fastTanhAddInto(shared, z, shared, hs, c * N);
            }
            if (steps.contains(Step.RESIDUAL) && (a == 0 || l + 1 < LAYERS)) {
                if (l + 1 < LAYERS) {
                    residual[a][l].correlateOnto(shared, z, N, shared, s.pos(), s.rowLength(),
                            shared, rr[l + 1].pos(), rr[l + 1].rowLength(), N);
                } else {
                    residual[a][l].correlateOnto(shared, z, N, shared, s.pos(), s.rowLength(), hOut, 0, N, N);
                }
            }
            s.endBlock(N);
        }
        if (a == 0) {
            folded.endBlock(N);
        }
        head[a].correlate(shared, hs, N, headOut[a], 0, N, N);
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        Set<Step> steps = EnumSet.noneOf(Step.class);
        for (String s : (args.length > 1 ? args[1] : "conv,tanh,residual").split(",")) {
            if (!s.equals("none")) {
                steps.add(Step.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT)));
            }
        }
        String which = args.length > 2 ? args[2] : "both";
        boolean[] arrays = {!which.equals("2"), !which.equals("1")};
        boolean dilationOne = args.length > 3 && args[3].equals("one");
        WaveNetKernelSplit split = new WaveNetKernelSplit(Kernels.preferred(), steps, arrays, dilationOne);
        double[] t = StreamingCpuTime.time(ManagementFactory.getThreadMXBean(), split::block, 64, seconds);
        System.out.printf("A1 standard's kernels, steps %s, arrays %s, dilations %s: best %.1f ns/sample, median %.1f%n",
                steps, which, dilationOne ? "one" : "model", t[0] / N, t[1] / N);
    }
}
