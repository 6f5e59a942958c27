package dev.convstream.grad;

import dev.convstream.kernel.Kernels;
import dev.convstream.testing.GradientChecks;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient checks of {@link Conv1dGrad} against central finite differences of a naive
 * double-precision convolution, on random shapes (dilation, groups, kernel 1 to 4, odd lengths,
 * with and without bias), on both kernel families.
 *
 * <p>The loss is {@code L = sum r[o][t] y[o][t]} with random r, so {@code dL/dy = r}. The
 * convolution is linear in each argument, so the central difference (step 1e-3, in double) is
 * exact to ~1e-12; what remains is the float rounding of the op under test: sums of up to
 * ~200 products of magnitude ~1, each rounded to 2^-24 relative, give a relative error well
 * below 1e-5 in the 2-norm; the bound is 2e-5 (measured maxima are printed by the assertion
 * message when it fails).
 */
class Conv1dGradTest {
    private static final double BOUND = 2e-5;
    private static final double STEP = 1e-3;

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void gradientsMatchCentralDifferences(Kernels kernels) {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 40; trial++) {
            int groups = 1 + rnd.nextInt(3);
            int cin = groups * (1 + rnd.nextInt(4));
            int cout = groups * (1 + rnd.nextInt(5));
            int k = 1 + rnd.nextInt(4);
            int d = 1 + rnd.nextInt(3);
            boolean bias = rnd.nextBoolean();
            Conv1dShape shape = new Conv1dShape(cin, cout, k, d, groups, bias);
            int n = 1 + 2 * rnd.nextInt(40); // odd output lengths
            check(kernels, shape, n, rnd, "trial " + trial + " " + shape + " n=" + n);
        }
        // the WaveNet shapes: 16 channels, kernel 3, a large dilation; the 1x1s
        check(kernels, new Conv1dShape(16, 16, 3, 64, 1, true), 21, rnd, "wavenet conv");
        check(kernels, Conv1dShape.pointwise(1, 16, false), 101, rnd, "mixin");
        check(kernels, Conv1dShape.pointwise(16, 16, true), 33, rnd, "layer1x1");
    }

    private static void check(Kernels kernels, Conv1dShape s, int n, Random rnd, String what) {
        Conv1dGrad op = new Conv1dGrad(s, kernels);
        GradScratch scratch = new GradScratch();
        int tin = n + s.history();
        // a margin before x and around dy/dx checks that offsets and strides are honoured
        int xOff = 3;
        int xStride = tin + 2;
        float[] x = GradientChecks.uniform(rnd, xOff + s.inChannels() * xStride);
        float[] w = GradientChecks.uniform(rnd, s.weightCount() + 5);
        float[] b = GradientChecks.uniform(rnd, s.outChannels() + 2);
        int wOff = 5;
        int bOff = 2;
        float[] r = GradientChecks.uniform(rnd, s.outChannels() * n);

        // forward against the double reference
        float[] y = new float[s.outChannels() * n];
        op.forward(w, wOff, b, bOff, x, xOff + s.history(), xStride, null, 0, 0, y, 0, n, n);
        double[] yRef = reference(s, GradientChecks.toDouble(w), wOff, GradientChecks.toDouble(b), bOff, GradientChecks.toDouble(x), xOff, xStride, n);
        assertClose(yRef, GradientChecks.toDouble(y), what + ": forward");

        // input gradient
        float[] dx = new float[s.inChannels() * tin];
        op.inputGradient(w, wOff, r, 0, n, n, dx, 0, tin, false, scratch);
        double[] dxNum = new double[s.inChannels() * tin];
        double[] xd = GradientChecks.toDouble(x);
        for (int c = 0; c < s.inChannels(); c++) {
            for (int t = 0; t < tin; t++) {
                int i = xOff + c * xStride + t;
                dxNum[c * tin + t] = difference(xd, i, () -> loss(reference(s, GradientChecks.toDouble(w), wOff, GradientChecks.toDouble(b), bOff,
                        xd, xOff, xStride, n), r));
            }
        }
        assertClose(dxNum, GradientChecks.toDouble(dx), what + ": input gradient");

        // accumulate adds onto what is there
        float[] dx2 = dx.clone();
        op.inputGradient(w, wOff, r, 0, n, n, dx2, 0, tin, true, scratch);
        double[] twice = new double[dxNum.length];
        for (int i = 0; i < twice.length; i++) {
            twice[i] = 2 * dxNum[i];
        }
        assertClose(twice, GradientChecks.toDouble(dx2), what + ": accumulated input gradient");

        // weight gradient (adds onto a non-zero start)
        float[] dw = new float[s.weightCount() + 4];
        java.util.Arrays.fill(dw, 0.5f);
        op.weightGradient(x, xOff, xStride, r, 0, n, n, dw, 4, scratch);
        double[] dwNum = new double[s.weightCount()];
        double[] wd = GradientChecks.toDouble(w);
        for (int i = 0; i < dwNum.length; i++) {
            dwNum[i] = 0.5 + difference(wd, wOff + i, () -> loss(reference(s, wd, wOff, GradientChecks.toDouble(b), bOff,
                    xd, xOff, xStride, n), r));
        }
        double[] dwGot = new double[s.weightCount()];
        for (int i = 0; i < dwGot.length; i++) {
            dwGot[i] = dw[4 + i];
        }
        assertClose(dwNum, dwGot, what + ": weight gradient");

        if (s.bias()) {
            float[] db = new float[s.outChannels()];
            op.biasGradient(r, 0, n, n, db, 0, scratch);
            double[] dbNum = new double[s.outChannels()];
            double[] bd = GradientChecks.toDouble(b);
            for (int o = 0; o < dbNum.length; o++) {
                dbNum[o] = difference(bd, bOff + o, () -> loss(reference(s, wd, wOff, bd, bOff, xd, xOff,
                        xStride, n), r));
            }
            assertClose(dbNum, GradientChecks.toDouble(db), what + ": bias gradient");
        }
    }

    /** {@code (L(v + h) - L(v - h)) / 2h} at {@code a[i]}, a restored afterwards. */
    private static double difference(double[] a, int i, java.util.function.DoubleSupplier loss) {
        double v = a[i];
        a[i] = v + STEP;
        double plus = loss.getAsDouble();
        a[i] = v - STEP;
        double minus = loss.getAsDouble();
        a[i] = v;
        return (plus - minus) / (2 * STEP);
    }

    /** The definition in {@link Conv1dShape}, in double, written out loop by loop. */
    static double[] reference(Conv1dShape s, double[] w, int wOff, double[] b, int bOff, double[] x, int xOff,
                              int xStride, int n) {
        int gi = s.inChannels() / s.groups();
        int go = s.outChannels() / s.groups();
        int k = s.kernelSize();
        double[] y = new double[s.outChannels() * n];
        for (int o = 0; o < s.outChannels(); o++) {
            int g = o / go;
            for (int t = 0; t < n; t++) {
                double acc = s.bias() ? b[bOff + o] : 0;
                for (int c = 0; c < gi; c++) {
                    for (int j = 0; j < k; j++) {
                        acc += w[wOff + (o * gi + c) * k + j] * x[xOff + (g * gi + c) * xStride + t + j * s.dilation()];
                    }
                }
                y[o * n + t] = acc;
            }
        }
        return y;
    }

    static double loss(double[] y, float[] r) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += y[i] * r[i];
        }
        return s;
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        GradientChecks.assertClose(expected, actual, BOUND, what);
    }
}
