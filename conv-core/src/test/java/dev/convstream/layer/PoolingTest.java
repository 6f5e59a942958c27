package dev.convstream.layer;

import dev.convstream.report.ReceptiveField;
import dev.convstream.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static dev.convstream.layer.ActivationTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pooling layers against a naive reference written from PyTorch's formulas and documentation. */
class PoolingTest {

    /** PyTorch docs: floor or ceil of (n + 2p - d(k-1) - 1)/s, plus 1; ceil drops a window starting in the right padding. */
    static int refOutputSize(int n, int k, int s, int p, int d, boolean ceil) {
        double q = (n + 2.0 * p - d * (k - 1) - 1) / s;
        int out = (int) (ceil ? Math.ceil(q) : Math.floor(q)) + 1;
        if (ceil && (out - 1) * s >= n + p) {
            out--;
        }
        return out;
    }

    /** One axis of a window: for output o, tap t sits at o*s - p + t*d. */
    private record Axis(int n, int k, int s, int p, int d, boolean ceil) {
        int out() {
            return refOutputSize(n, k, s, p, d, ceil);
        }

        int pos(int o, int t) {
            return o * s - p + t * d;
        }
    }

    /** Reference on [planes][H][W]; 1D inputs are H = 1 with a trivial height axis. */
    static double[] refPool(float[] x, int planes, Axis h, Axis w, boolean max, boolean countIncludePad) {
        double[] out = new double[planes * h.out() * w.out()];
        int o = 0;
        for (int pl = 0; pl < planes; pl++) {
            for (int oh = 0; oh < h.out(); oh++) {
                for (int ow = 0; ow < w.out(); ow++) {
                    double best = Double.NEGATIVE_INFINITY;
                    double sum = 0;
                    int real = 0;
                    int inPadH = 0;
                    int inPadW = 0;
                    for (int th = 0; th < h.k(); th++) {
                        int ih = h.pos(oh, th);
                        inPadH += ih < h.n() + h.p() ? 1 : 0;
                    }
                    for (int tw = 0; tw < w.k(); tw++) {
                        int iw = w.pos(ow, tw);
                        inPadW += iw < w.n() + w.p() ? 1 : 0;
                    }
                    for (int th = 0; th < h.k(); th++) {
                        for (int tw = 0; tw < w.k(); tw++) {
                            int ih = h.pos(oh, th);
                            int iw = w.pos(ow, tw);
                            if (ih < 0 || ih >= h.n() || iw < 0 || iw >= w.n()) {
                                continue;
                            }
                            double v = x[(pl * h.n() + ih) * w.n() + iw];
                            real++;
                            sum += v;
                            if (Double.isNaN(v) || Double.isNaN(best)) {
                                best = Double.NaN;
                            } else {
                                best = Math.max(best, v);
                            }
                        }
                    }
                    if (max) {
                        out[o++] = best;
                    } else {
                        out[o++] = real == 0 ? 0 : sum / (countIncludePad ? inPadH * inPadW : real);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void randomConfigurationsMatchReference() {
        SplittableRandom rnd = new SplittableRandom(2024);
        int compared = 0;
        int rejected = 0;
        for (int trial = 0; trial < 600; trial++) {
            boolean twoD = rnd.nextBoolean();
            boolean max = rnd.nextBoolean();
            boolean ceil = rnd.nextBoolean();
            boolean cip = rnd.nextBoolean();
            int n = rnd.nextBoolean() ? 1 : 3;
            int c = 2;
            PoolWindow wh = twoD ? randomWindow(rnd, max) : PoolWindow.of(1);
            PoolWindow ww = randomWindow(rnd, max);
            int inH = twoD ? 1 + rnd.nextInt(9) : 1;
            int inW = 1 + rnd.nextInt(9);
            Layer layer = twoD ? (max ? new MaxPool2d(wh, ww, ceil) : new AvgPool2d(wh, ww, ceil, cip))
                    : (max ? new MaxPool1d(ww, ceil) : new AvgPool1d(ww, ceil, cip));
            int[] shape = twoD ? new int[] {n, c, inH, inW} : new int[] {n, c, inW};
            Axis ah = new Axis(inH, wh.kernel(), wh.stride(), wh.padding(), wh.dilation(), ceil);
            Axis aw = new Axis(inW, ww.kernel(), ww.stride(), ww.padding(), ww.dilation(), ceil);
            if (ah.out() < 1 || aw.out() < 1) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer.outputShape(shape),
                        layer.describe() + " on " + Arrays.toString(shape));
                assertTrue(e.getMessage().contains("too small"), e.getMessage());
                rejected++;
                continue;
            }
            Tensor x = LayerTestKit.random(rnd, 3, shape);
            if (max && rnd.nextInt(4) == 0) {
                x.data()[rnd.nextInt(x.size())] = Float.NaN;
            }
            Tensor y = layer.forward(x);
            int[] expectedShape = twoD ? new int[] {n, c, ah.out(), aw.out()} : new int[] {n, c, aw.out()};
            assertArrayEquals(expectedShape, y.shape(), layer.describe() + " on " + Arrays.toString(shape));
            double[] expected = refPool(x.data(), n * c, ah, aw, max, cip);
            // max: a copy of an input value, exact. avg: a double sum rounded once to float.
            LayerTestKit.assertClose(layer.describe() + " on " + Arrays.toString(shape), expected, y,
                    max ? r -> 0 : r -> Math.ulp((float) r) * 0.5000001);
            assertEquals(twoD ? ReceptiveField.of2d(wh.span(), ww.span(), wh.stride(), ww.stride())
                    : ReceptiveField.of1d(ww.span(), ww.stride()), layer.receptiveField());
            assertEquals(0, layer.macs(shape));
            assertEquals(0, layer.parameterCount());
            compared++;
        }
        assertTrue(compared > 300 && rejected > 10, "compared " + compared + ", rejected " + rejected);
    }

    private static PoolWindow randomWindow(SplittableRandom rnd, boolean max) {
        int k = 1 + rnd.nextInt(4);
        return new PoolWindow(k, 1 + rnd.nextInt(3), rnd.nextInt(k / 2 + 1), max ? 1 + rnd.nextInt(2) : 1);
    }

    @Test
    void outputSizeRuleByHand() {
        // floor vs ceil: L=5, k=2, s=2 -> 2 or 3 windows
        assertEquals(2, PoolWindow.of(2).outputSize("L", 5, false));
        assertEquals(3, PoolWindow.of(2).outputSize("L", 5, true));
        // L=5, k=2, s=2, p=1: ceil((5+2-2)/2)+1 = 4, but window 3 would start at 5 = n + p - 1 + 1,
        // i.e. in the right padding, so PyTorch drops it: 3
        assertEquals(3, PoolWindow.of(2, 2, 1).outputSize("L", 5, true));
        assertEquals(3, PoolWindow.of(2, 2, 1).outputSize("L", 5, false));
        // L=6, k=3, s=2, p=1: ceil(5/2)+1 = 4 kept (last start 5 < 6 + 1)
        assertEquals(4, PoolWindow.of(3, 2, 1).outputSize("L", 6, true));
        assertEquals(3, PoolWindow.of(3, 2, 1).outputSize("L", 6, false));
    }

    @Test
    void handComputedValues() {
        float[] ramp = {0, 1, 2, 3, 4, 5};
        // The ceil_mode quirk: the last window starts at 5 and would span [5, 8); PyTorch clips it to the
        // padded end 7, so its divisor is 2 even with count_include_pad (1 real sample without).
        assertArrayEquals(new float[] {1f / 3, 2, 4, 2.5f},
                new AvgPool1d(PoolWindow.of(3, 2, 1), true, true).forward(Tensor.of(ramp, 1, 1, 6)).data(), 1e-7f);
        assertArrayEquals(new float[] {0.5f, 2, 4, 5},
                new AvgPool1d(PoolWindow.of(3, 2, 1), true, false).forward(Tensor.of(ramp, 1, 1, 6)).data(), 1e-7f);
        float[] seq = {1, 5, 2, 4, 3};
        assertArrayEquals(new float[] {5, 4, 3}, new MaxPool1d(PoolWindow.of(2), true).forward(Tensor.of(seq, 1, 1, 5)).data());
        assertArrayEquals(new float[] {5, 4}, new MaxPool1d(2).forward(Tensor.of(seq, 1, 1, 5)).data());
        assertArrayEquals(new float[] {1, 5, 4}, new MaxPool1d(PoolWindow.of(2, 2, 1), true).forward(Tensor.of(seq, 1, 1, 5)).data());
        // dilation 2: max(x0, x2), max(x1, x3), max(x2, x4)
        assertArrayEquals(new float[] {4, 1, 5}, new MaxPool1d(new PoolWindow(2, 1, 0, 2), false)
                .forward(Tensor.of(new float[] {3, 1, 4, 1, 5}, 1, 1, 5)).data());
        // taps at -1 and 2 on a length-2 input: nothing real in the window, PyTorch's -inf start value remains
        assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY}, new MaxPool1d(new PoolWindow(2, 1, 1, 3), false)
                .forward(Tensor.of(new float[] {1, 2}, 1, 1, 2)).data());
        float[] grid = new float[16];
        for (int i = 0; i < 16; i++) {
            grid[i] = i;
        }
        Tensor g = Tensor.of(grid, 1, 1, 4, 4);
        assertArrayEquals(new float[] {5, 7, 13, 15}, new MaxPool2d(PoolWindow.of(3, 2, 1), false).forward(g).data());
        // 2x2 average of 0 1 4 5 etc.
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, new AvgPool2d(2).forward(g).data());
        // non-square: height k=1, width k=4 -> row means
        assertArrayEquals(new float[] {1.5f, 5.5f, 9.5f, 13.5f},
                new AvgPool2d(PoolWindow.of(1), PoolWindow.of(4), false, true).forward(g).data());
    }

    @Test
    void describeAndFields() {
        assertEquals("MaxPool2d(k=3x3, s=2x2, p=1x1)", new MaxPool2d(PoolWindow.of(3, 2, 1), false).describe());
        assertEquals("MaxPool1d(k=3, s=1, p=0, d=4, ceil_mode=True)", new MaxPool1d(new PoolWindow(3, 1, 0, 4), true).describe());
        assertEquals("AvgPool2d(k=2x2, s=2x2, p=0x0, count_include_pad=False)",
                new AvgPool2d(PoolWindow.of(2), false, false).describe());
        assertEquals("AvgPool1d(k=4, s=4, p=0)", new AvgPool1d(4).describe());
        assertEquals(ReceptiveField.of1d(9, 1), new MaxPool1d(new PoolWindow(3, 1, 0, 4), true).receptiveField());
        assertEquals(ReceptiveField.of2d(3, 1, 2, 1),
                new MaxPool2d(PoolWindow.of(3, 2, 1), PoolWindow.of(1), false).receptiveField());
    }

    @Test
    void globalAveragePool() {
        SplittableRandom rnd = new SplittableRandom(8);
        GlobalAvgPool gap = new GlobalAvgPool();
        for (int[] shape : new int[][] {{3, 4, 5, 7}, {1, 2, 9}, {1, 1, 1, 1}}) {
            Tensor x = LayerTestKit.random(rnd, 2, shape);
            Tensor y = gap.forward(x);
            assertArrayEquals(new int[] {shape[0], shape[1]}, y.shape());
            int plane = LayerChecks.product(shape, 2);
            double[] expected = new double[shape[0] * shape[1]];
            for (int i = 0; i < x.size(); i++) {
                expected[i / plane] += x.data()[i] / (double) plane;
            }
            LayerTestKit.assertClose("GlobalAvgPool " + Arrays.toString(shape), expected, y,
                    r -> Math.ulp((float) r) * 0.5 + 1e-15);
        }
        assertEquals(ReceptiveField.of2d(5, 7, 5, 7), gap.report(new int[] {3, 4, 5, 7}).receptiveField());
        assertEquals(ReceptiveField.of1d(9, 9), gap.report(new int[] {1, 2, 9}).receptiveField());
        assertThrows(UnsupportedOperationException.class, gap::receptiveField);
        assertMessage(() -> gap.outputShape(new int[] {2, 3}), "GlobalAvgPool expects input of rank 3");
    }

    @Test
    void clearErrors() {
        assertMessage(() -> new PoolWindow(3, 1, 2, 1), "padding should be at most half of the kernel size");
        assertMessage(() -> PoolWindow.of(0), "kernel_size must be >= 1");
        assertMessage(() -> PoolWindow.of(2).withStride(0), "stride must be >= 1");
        assertMessage(() -> PoolWindow.of(2).withDilation(0), "dilation must be >= 1");
        assertMessage(() -> new AvgPool1d(PoolWindow.of(2).withDilation(2), false, true), "average pooling has no dilation");
        assertMessage(() -> new MaxPool2d(3).outputShape(new int[] {1, 1, 2, 5}), "MaxPool2d height: input size 2 is too small");
        assertMessage(() -> new MaxPool1d(3).outputShape(new int[] {1, 1, 2}), "MaxPool1d length: input size 2");
        assertMessage(() -> new MaxPool2d(2).forward(Tensor.zeros(1, 2, 8)), "MaxPool2d expects input of rank 4");
        assertMessage(() -> new AvgPool1d(2).forward(Tensor.zeros(1, 2, 8, 8)), "AvgPool1d expects input of rank 3");
    }

    /** The streaming CNN pools each frame through poolPlanes: at offsets, without a tensor, as forward does. */
    @Test
    void poolPlanesAtOffsetsEqualsForward() {
        SplittableRandom rnd = new SplittableRandom(17);
        Tensor x = Tensor.zeros(1, 3, 1, 11);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) rnd.nextDouble(-2, 2);
        }
        for (PoolLayer layer : new PoolLayer[] {new MaxPool2d(PoolWindow.of(1), PoolWindow.of(3, 2, 1), true),
                new AvgPool2d(PoolWindow.of(1), PoolWindow.of(3, 2, 1), true, false),
                new MaxPool1d(new PoolWindow(2, 2, 1, 2), false), new AvgPool1d(PoolWindow.of(4, 3, 2), true, true)}) {
            boolean oneD = layer instanceof MaxPool1d || layer instanceof AvgPool1d;
            Tensor expected = layer.forward(oneD ? Tensor.of(x.data().clone(), 1, 3, 11) : x);
            float[] in = new float[5 + x.size()];
            System.arraycopy(x.data(), 0, in, 5, x.size());
            float[] out = new float[2 + expected.size()];
            layer.poolPlanes(in, 5, out, 2, 3, 1, 11);
            assertArrayEquals(expected.data(), Arrays.copyOfRange(out, 2, out.length), layer.describe());
        }
        assertMessage(() -> new MaxPool1d(2).poolPlanes(new float[8], 0, new float[8], 0, 1, 2, 4), "height 1");
    }
}
