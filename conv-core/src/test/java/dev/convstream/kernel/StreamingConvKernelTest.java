package dev.convstream.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both streaming-conv families against a naive double-precision causal convolution. */
class StreamingConvKernelTest {

    /**
     * cout, cin, k, dilation, n: full 4x4 tiles (n = 64, 128), frame tails below and above one
     * vector, row tails (cout % 4 != 0), 1x1 (k = 1), single frames, the WaveNet shapes.
     */
    private static final int[][] SHAPES = {
        {32, 16, 3, 64, 64}, {16, 16, 3, 512, 128}, {8, 8, 3, 1, 16}, {7, 5, 3, 3, 83}, {1, 8, 1, 1, 64},
        {16, 1, 1, 1, 64}, {9, 16, 1, 1, 77}, {5, 3, 4, 2, 1}, {4, 4, 2, 7, 15}, {13, 2, 5, 1, 200},
        {3, 6, 3, 2, 17}, {16, 16, 3, 8, 511},
    };

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void matchesNaiveConvolution(Kernels kernels) {
        StreamingConvKernel conv = kernels.streamingConv();
        Random rnd = new Random(11);
        for (int[] s : SHAPES) {
            for (Start start : Start.values()) {
                for (boolean withBias : new boolean[] {false, true}) {
                    check(conv, rnd, s[0], s[1], s[2], s[3], s[4], start, withBias,
                            kernels.name() + " " + java.util.Arrays.toString(s) + " start=" + start
                                    + " bias=" + withBias);
                }
            }
        }
    }

    /**
     * cout, cin, k, n: long undilated filters with few outputs, the shapes {@code forShape} may give
     * its own kernel (a single-channel FIR head, a few-channel FIR): taps a whole number of vectors
     * and not (remainder taps in plain Java), fewer and more frames than a group of four outputs,
     * one to three rows, one to three channels.
     */
    private static final int[][] LONG_SHAPES = {
        {1, 1, 1279, 64}, {1, 1, 64, 7}, {1, 1, 16, 1}, {1, 1, 17, 3}, {2, 1, 300, 65}, {3, 2, 100, 511},
        {1, 3, 40, 130}, {1, 1, 1024, 64},
    };

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void kernelChosenForLongFewRowShapesMatchesNaiveConvolution(Kernels kernels) {
        Random rnd = new Random(13);
        for (int[] s : LONG_SHAPES) {
            StreamingConvKernel conv = kernels.streamingConv().forShape(s[0], s[2], 1);
            for (Start start : Start.values()) {
                for (boolean withBias : new boolean[] {false, true}) {
                    check(conv, rnd, s[0], s[1], s[2], 1, s[3], start, withBias,
                            kernels.name() + " forShape " + java.util.Arrays.toString(s) + " (" + conv.getClass()
                                    .getSimpleName() + ") start=" + start + " bias=" + withBias);
                }
            }
        }
    }

    /** The scalar family sums in the im2col + scalar GEMM order: 0 (or y), channels, taps, bias. */
    @Test
    void scalarSumsInTheGemmOrder() {
        Random rnd = new Random(5);
        int cout = 6, cin = 5, k = 3, d = 4, n = 37;
        int h = d * (k - 1);
        float[] w = random(rnd, cout * cin * k);
        float[] b = random(rnd, cout);
        float[] x = random(rnd, cin * (h + n));
        float[] y = new float[cout * n];
        Kernels.scalar().streamingConv().correlate(cout, cin, k, d, w, 0, b, 0, x, h, h + n, y, 0, n, n, false);
        for (int o = 0; o < cout; o++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int c = 0; c < cin; c++) {
                    for (int t = 0; t < k; t++) {
                        acc += w[(o * cin + c) * k + t] * x[c * (h + n) + h + j - d * (k - 1 - t)];
                    }
                }
                acc += b[o];
                if (Float.floatToIntBits(acc) != Float.floatToIntBits(y[o * n + j])) {
                    fail("y[" + o + "][" + j + "] = " + y[o * n + j] + ", expected " + acc);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void rejectsRangesOutsideTheArrays(Kernels kernels) {
        StreamingConvKernel conv = kernels.streamingConv();
        float[] w = new float[2 * 2 * 3];
        float[] x = new float[2 * 20];
        float[] y = new float[2 * 10];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.correlate(2, 2, 3, 2, w, 0, null, 0, x, 3, 20, y, 0, 10, 10, false));
        assertTrue(e.getMessage().startsWith("x needs indices [-1,"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> conv.correlate(2, 2, 3, 2, w, 0, null, 0, x, 4, 20, y, 1, 10, 10, false));
        assertTrue(e.getMessage().startsWith("y needs indices [1, 21)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> conv.correlate(2, 2, 3, 2, w, 1, null, 0, x, 4, 20, y, 0, 10, 10, false));
        assertTrue(e.getMessage().startsWith("w needs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> conv.correlate(2, 2, 3, 2, w, 0, null, 0, x, 4, 20, y, 1, 9, y, 0, 10, 9));
        assertTrue(e.getMessage().startsWith("base is y at another offset"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> conv.correlate(2, 2, 3, 2, w, 0, null, 0, x, 4, 20, new float[15], 0, 10, y, 0, 10, 10));
        assertTrue(e.getMessage().startsWith("base needs indices [0, 20)"), e.getMessage());
    }

    /**
     * A base in y's own array at a range apart from y's (a model's histories share one array) gives
     * the bits of the same base in a separate array, for block lengths that take the vector
     * kernel's pull-back of the last vector (67, 5) and whole tiles (64).
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void baseApartFromYInTheSameArrayGivesTheBitsOfASeparateBase(Kernels kernels) {
        StreamingConvKernel conv = kernels.streamingConv();
        Random rnd = new Random(28);
        int cout = 6;
        int cin = 5;
        int k = 3;
        int d = 2;
        int stride = 80;
        float[] w = random(rnd, cout * cin * k);
        float[] bias = random(rnd, cout);
        float[] x = random(rnd, cin * stride + 8);
        for (int n : new int[] {67, 64, 5}) {
            float[] base = random(rnd, cout * stride);
            float[] expected = new float[cout * stride];
            conv.correlate(cout, cin, k, d, w, 0, bias, 0, x, 8, stride, base, 0, stride, expected, 0, stride, n);
            // one array: y's rows first, the base's after them
            float[] shared = new float[2 * cout * stride];
            System.arraycopy(base, 0, shared, cout * stride, cout * stride);
            conv.correlate(cout, cin, k, d, w, 0, bias, 0, x, 8, stride, shared, cout * stride, stride,
                    shared, 0, stride, n);
            for (int o = 0; o < cout; o++) {
                for (int j = 0; j < n; j++) {
                    int i = o * stride + j;
                    if (Float.floatToRawIntBits(shared[i]) != Float.floatToRawIntBits(expected[i])) {
                        fail(kernels.name() + " n " + n + ": row " + o + " frame " + j + " got " + shared[i]
                                + ", separate base " + expected[i]);
                    }
                }
            }
        }
    }

    /**
     * The conv with a one-row mixin is, bit for bit, the conv followed by the 1x1 mixin call
     * accumulating onto y (what WaveNet ran before the two were fused), on every shape of
     * {@link #SHAPES} (full tiles, pulled-back vectors, scalar tails, row tails), and leaves
     * everything outside y's rows untouched. The two-call result is itself checked against the
     * naive convolution by {@link #matchesNaiveConvolution}.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void convWithMixinIsTheConvThenTheMixinBitForBit(Kernels kernels) {
        Random rnd = new Random(19);
        for (int[] s : SHAPES) {
            int cout = s[0], cin = s[1], k = s[2], d = s[3], n = s[4];
            StreamingConvKernel conv = kernels.streamingConv().forShape(cout, k, d);
            for (boolean withBias : new boolean[] {false, true}) {
                int h = d * (k - 1);
                int xStride = h + n + 1;
                int yStride = n + 2;
                float[] w = random(rnd, cout * cin * k + 1);
                float[] b = withBias ? random(rnd, cout + 1) : null;
                float[] x = random(rnd, h + 1 + (cin - 1) * xStride + n);
                float[] m = random(rnd, cout + 2);
                float[] c = random(rnd, n + 3);
                float[] fused = random(rnd, 1 + (cout - 1) * yStride + n + 1);
                float[] separate = fused.clone();
                conv.correlateWithMixin(cout, cin, k, d, w, 1, b, 1, x, h + 1, xStride, m, 2, c, 3,
                        fused, 1, yStride, n);
                conv.correlate(cout, cin, k, d, w, 1, b, 1, x, h + 1, xStride, separate, 1, yStride, n, false);
                kernels.streamingConv().forShape(cout, 1, 1).correlate(cout, 1, 1, 1, m, 2, null, 0, c, 3, n,
                        separate, 1, yStride, n, true);
                for (int i = 0; i < fused.length; i++) {
                    if (Float.floatToRawIntBits(fused[i]) != Float.floatToRawIntBits(separate[i])) {
                        fail(kernels.name() + " " + java.util.Arrays.toString(s) + " bias=" + withBias + ": y[" + i
                                + "] fused " + fused[i] + ", conv then mixin " + separate[i]);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void convWithMixinNamesAShortMixinRow(Kernels kernels) {
        StreamingConvKernel conv = kernels.streamingConv();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.correlateWithMixin(4, 2, 3, 1, new float[24], 0, null, 0, new float[2 * 20], 2, 20,
                        new float[4], 0, new float[10], 0, new float[4 * 16], 0, 16, 16));
        assertTrue(e.getMessage().startsWith("mixin row c needs indices [0, 16), array has 10"), e.getMessage());
    }

    /**
     * A conv with its weights fixed ({@code fix}: packed by the vector family for k = 3) writes,
     * bit for bit, what {@code correlate} from zero writes with the same weights, and nothing
     * outside y's rows: on every shape of {@link #SHAPES} and on k = 3 shapes around the packed
     * tile's edges (4-row groups with and without a row tail, whole 64-frame tiles with and
     * without a frame tail, fewer frames than one tile). So a layer that switches to it keeps its
     * bits whatever the block cut, and {@link #matchesNaiveConvolution} covers its accuracy.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void fixedWeightsGiveTheBitsOfCorrelate(Kernels kernels) {
        Random rnd = new Random(23);
        int[][] packedEdges = {{4, 1, 3, 1, 64}, {5, 3, 3, 2, 65}, {6, 2, 3, 64, 127}, {32, 16, 3, 64, 192},
            {12, 16, 3, 1, 63}, {8, 4, 3, 9, 1}, {36, 7, 3, 5, 200}};
        for (int[][] shapes : new int[][][] {SHAPES, packedEdges}) {
            for (int[] s : shapes) {
                int cout = s[0], cin = s[1], k = s[2], d = s[3], n = s[4];
                StreamingConvKernel conv = kernels.streamingConv().forShape(cout, k, d);
                for (boolean withBias : new boolean[] {false, true}) {
                    int h = d * (k - 1);
                    int xStride = h + n + 3;
                    int yStride = n + 2;
                    float[] w = random(rnd, 2 + cout * cin * k);
                    float[] b = withBias ? random(rnd, 1 + cout) : null;
                    float[] x = random(rnd, h + 1 + (cin - 1) * xStride + n + 1);
                    float[] fixedOut = random(rnd, 1 + (cout - 1) * yStride + n + 1);
                    float[] direct = fixedOut.clone();
                    StreamingConvKernel.Fixed fixed = conv.fix(cout, cin, k, d, w, 2, b, 1);
                    fixed.correlate(x, h + 1, xStride, fixedOut, 1, yStride, n);
                    conv.correlate(cout, cin, k, d, w, 2, b, 1, x, h + 1, xStride, direct, 1, yStride, n, false);
                    for (int i = 0; i < direct.length; i++) {
                        if (Float.floatToRawIntBits(fixedOut[i]) != Float.floatToRawIntBits(direct[i])) {
                            fail(kernels.name() + " " + java.util.Arrays.toString(s) + " bias=" + withBias + " ("
                                    + fixed.getClass().getSimpleName() + "): y[" + i + "] fixed " + fixedOut[i]
                                    + ", correlate " + direct[i]);
                        }
                    }
                }
            }
        }
    }

    /**
     * cout, cin, k, dilation, n for the fixed conv's mixin and base calls: the WaveNet's A1 shapes
     * (16 and 8 channels, k = 3 at d = 1 .. 512, their 1x1s), rows past a multiple of 4, frame tails
     * (n mod 64 from 1 to 63, n < 16), several tiles, a one-channel 1x1 (a rechannel).
     */
    private static final int[][] FIXED_SHAPES = {
        {16, 16, 3, 1, 64}, {16, 16, 3, 8, 64}, {16, 16, 3, 64, 128}, {16, 16, 3, 512, 64}, {8, 8, 3, 1, 64},
        {8, 8, 3, 64, 97}, {6, 16, 3, 2, 65}, {5, 3, 3, 1, 15}, {12, 16, 3, 9, 200}, {4, 1, 3, 3, 63},
        {16, 16, 1, 1, 64}, {8, 8, 1, 1, 97}, {7, 5, 1, 1, 130}, {16, 1, 1, 1, 64}, {4, 16, 1, 1, 3},
        {9, 16, 1, 1, 255}, {16, 16, 3, 1, 0},
    };

    /**
     * Each call of a fixed conv has the bits of the kernel's own call with the same weights: with a
     * mixin; from a base in its own array, from y itself (in place), from a base in y's array at
     * another range; from zero. On the vector family these shapes run the packed tiles.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void fixedMixinAndBaseCallsGiveTheBitsOfTheKernel(Kernels kernels) {
        Random rnd = new Random(32);
        for (int[] s : FIXED_SHAPES) {
            int cout = s[0], cin = s[1], k = s[2], d = s[3], n = s[4];
            StreamingConvKernel conv = kernels.streamingConv().forShape(cout, k, d);
            for (boolean withBias : new boolean[] {false, true}) {
                String label = kernels.name() + " " + java.util.Arrays.toString(s) + " bias=" + withBias;
                int h = d * (k - 1);
                int xStride = h + n + 5;
                int yStride = n + 3;
                float[] w = random(rnd, 3 + cout * cin * k);
                float[] b = withBias ? random(rnd, 2 + cout) : null;
                float[] m = random(rnd, 1 + cout);
                float[] c = random(rnd, n + 2);
                float[] x = random(rnd, h + 1 + (cin - 1) * xStride + n + 1);
                StreamingConvKernel.Fixed fixed = conv.fix(cout, cin, k, d, w, 3, b, 2);
                if (kernels.name().equals("vector") && cout >= 4 && (k == 1 || k == 3)) {
                    assertTrue(fixed.getClass().getSimpleName().startsWith("VectorPacked"), label + ": "
                            + fixed.getClass());
                }
                int ySize = 2 + (cout - 1) * yStride + n + 2;
                // with the mixin
                float[] got = random(rnd, ySize);
                float[] want = got.clone();
                fixed.correlateWithMixin(x, h + 1, xStride, m, 1, c, 2, got, 2, yStride, n);
                conv.correlateWithMixin(cout, cin, k, d, w, 3, b, 2, x, h + 1, xStride, m, 1, c, 2, want, 2, yStride, n);
                sameBits(label + " mixin", want, got);
                // from a separate base, and from zero
                float[] base = random(rnd, 1 + (cout - 1) * (n + 1) + n + 1);
                for (float[] start : new float[][] {base, null}) {
                    got = random(rnd, ySize);
                    want = got.clone();
                    fixed.correlateOnto(x, h + 1, xStride, start, 1, n + 1, got, 2, yStride, n);
                    conv.correlate(cout, cin, k, d, w, 3, b, 2, x, h + 1, xStride, start, 1, n + 1, want, 2, yStride, n);
                    sameBits(label + (start == null ? " zero" : " base"), want, got);
                }
                got = random(rnd, ySize);
                want = got.clone();
                fixed.correlate(x, h + 1, xStride, got, 2, yStride, n);
                conv.correlate(cout, cin, k, d, w, 3, b, 2, x, h + 1, xStride, null, 0, 0, want, 2, yStride, n);
                sameBits(label + " correlate", want, got);
                // in place: base is y at y's offset
                got = random(rnd, ySize);
                want = got.clone();
                fixed.correlateOnto(x, h + 1, xStride, got, 2, yStride, got, 2, yStride, n);
                conv.correlate(cout, cin, k, d, w, 3, b, 2, x, h + 1, xStride, want, 2, yStride, want, 2, yStride, n);
                sameBits(label + " in place", want, got);
                // base in y's array after y's range, with its own stride (a WaveNet's residual)
                int baseOff = ySize + 5;
                got = random(rnd, baseOff + (cout - 1) * (n + 7) + n + 4);
                want = got.clone();
                fixed.correlateOnto(x, h + 1, xStride, got, baseOff, n + 7, got, 2, yStride, n);
                conv.correlate(cout, cin, k, d, w, 3, b, 2, x, h + 1, xStride, want, baseOff, n + 7, want, 2, yStride, n);
                sameBits(label + " base in y's array", want, got);
            }
        }
    }

    /** A fixed conv checks each call's data ranges: a short x, y, base or mixin row is refused before anything is written. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void fixedCallsRejectRangesOutsideTheArrays(Kernels kernels) {
        for (int k : new int[] {1, 3}) {
            StreamingConvKernel conv = kernels.streamingConv().forShape(16, k, 4);
            StreamingConvKernel.Fixed fixed = conv.fix(16, 16, k, 4, new float[16 * 16 * k], 0, new float[16], 0);
            int h = 4 * (k - 1);
            float[] x = new float[16 * (h + 64)];
            float[] y = new float[16 * 64];
            assertThrows(IllegalArgumentException.class,
                    () -> fixed.correlate(x, h, h + 64, new float[16 * 64 - 1], 0, 64, 64));
            assertThrows(IllegalArgumentException.class,
                    () -> fixed.correlate(java.util.Arrays.copyOf(x, x.length - 1), h, h + 64, y, 0, 64, 64));
            assertThrows(IllegalArgumentException.class,
                    () -> fixed.correlateOnto(x, h, h + 64, new float[16 * 64 - 1], 0, 64, y, 0, 64, 64));
            assertThrows(IllegalArgumentException.class,
                    () -> fixed.correlateWithMixin(x, h, h + 64, new float[16], 0, new float[63], 0, y, 0, 64, 64));
            assertThrows(IllegalArgumentException.class,
                    () -> fixed.correlateWithMixin(x, h, h + 64, new float[15], 0, new float[64], 0, y, 0, 64, 64));
        }
    }

    private static void sameBits(String label, float[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                fail(label + ": y[" + i + "] fixed " + got[i] + ", kernel " + want[i]);
            }
        }
    }

    /** The fixed conv copies its weights: changing the caller's array afterwards changes nothing. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void fixedWeightsAreCopied(Kernels kernels) {
        Random rnd = new Random(29);
        float[] w = random(rnd, 32 * 16 * 3);
        float[] b = random(rnd, 32);
        float[] x = random(rnd, 16 * 192);
        StreamingConvKernel conv = kernels.streamingConv().forShape(32, 3, 64);
        StreamingConvKernel.Fixed fixed = conv.fix(32, 16, 3, 64, w, 0, b, 0);
        float[] expected = new float[32 * 64];
        conv.correlate(32, 16, 3, 64, w, 0, b, 0, x, 128, 192, expected, 0, 64, 64, false);
        java.util.Arrays.fill(w, 0f);
        java.util.Arrays.fill(b, 0f);
        float[] got = new float[32 * 64];
        fixed.correlate(x, 128, 192, got, 0, 64, 64);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, got);
    }

    /** What the sum starts from: zero, y itself, or a separate base array. */
    enum Start { ZERO, ACCUMULATE, BASE }

    private static void check(StreamingConvKernel conv, Random rnd, int cout, int cin, int k, int d, int n,
                              Start start, boolean withBias, String label) {
        int h = d * (k - 1);
        int xStride = h + n + rnd.nextInt(3);
        int yStride = n + rnd.nextInt(3);
        int xOff = h + rnd.nextInt(3);
        int yOff = rnd.nextInt(3);
        int wOff = rnd.nextInt(3);
        int bOff = rnd.nextInt(3);
        float[] w = random(rnd, wOff + cout * cin * k + 2);
        float[] b = withBias ? random(rnd, bOff + cout + 2) : null;
        float[] x = random(rnd, xOff + (cin - 1) * xStride + n + 2);
        float[] y = random(rnd, yOff + (cout - 1) * yStride + n + 2);
        float[] before = y.clone();
        int baseOff = rnd.nextInt(3);
        int baseStride = n + rnd.nextInt(3);
        float[] base = random(rnd, baseOff + (cout - 1) * baseStride + n + 2);
        float[] baseBefore = base.clone();
        if (start == Start.BASE) {
            conv.correlate(cout, cin, k, d, w, wOff, b, bOff, x, xOff, xStride, base, baseOff, baseStride,
                    y, yOff, yStride, n);
            if (!java.util.Arrays.equals(base, baseBefore)) {
                fail(label + ": base was modified");
            }
        } else {
            conv.correlate(cout, cin, k, d, w, wOff, b, bOff, x, xOff, xStride, y, yOff, yStride, n,
                    start == Start.ACCUMULATE);
        }
        for (int i = 0; i < y.length; i++) {
            int rel = i - yOff;
            int o = rel / yStride;
            int j = rel % yStride;
            if (rel < 0 || o >= cout || j >= n) {
                if (Float.floatToRawIntBits(y[i]) != Float.floatToRawIntBits(before[i])) {
                    fail(label + ": y[" + i + "] outside the output was overwritten");
                }
                continue;
            }
            double sum = start == Start.ACCUMULATE ? before[i]
                    : start == Start.BASE ? base[baseOff + o * baseStride + j] : 0;
            double abs = Math.abs(sum);
            if (b != null) {
                sum += b[bOff + o];
                abs += Math.abs(b[bOff + o]);
            }
            for (int c = 0; c < cin; c++) {
                for (int t = 0; t < k; t++) {
                    double term = (double) w[wOff + (o * cin + c) * k + t] * x[xOff + c * xStride + j - d * (k - 1 - t)];
                    sum += term;
                    abs += Math.abs(term);
                }
            }
            // cin*k products plus start value and bias summed in float in some order (FMA or
            // not): error at most gamma_(cin*k+2) * sum|terms|; (cin*k + 3) * 2^-24 covers it.
            double tol = (cin * k + 3) * 0x1p-24 * abs;
            if (Math.abs(y[i] - sum) > tol) {
                fail(label + ": y[" + o + "][" + j + "] = " + y[i] + ", expected " + sum + " within " + tol);
            }
        }
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}
