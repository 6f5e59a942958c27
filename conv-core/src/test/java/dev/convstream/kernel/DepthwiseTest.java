package dev.convstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both depthwise families against a naive double-precision correlation. */
class DepthwiseTest {

    private static void check(Depthwise dw, Random rnd, int outH, int outW, int kh, int kw, int sh, int sw,
                              int dh, int dwx, String label) {
        int inH = (outH - 1) * sh + (kh - 1) * dh + 1 + rnd.nextInt(2);
        int inW = (outW - 1) * sw + (kw - 1) * dwx + 1 + rnd.nextInt(2);
        int inOff = rnd.nextInt(4);
        int kOff = rnd.nextInt(4);
        int outOff = rnd.nextInt(4);
        float[] in = random(rnd, inOff + inH * inW + 3);
        float[] k = random(rnd, kOff + kh * kw + 3);
        float[] out = random(rnd, outOff + outH * outW + 3);
        float[] before = out.clone();
        float bias = (float) rnd.nextGaussian();
        dw.correlate(in, inOff, inH, inW, k, kOff, kh, kw, sh, sw, dh, dwx, out, outOff, outH, outW, bias);
        for (int i = 0; i < out.length; i++) {
            int rel = i - outOff;
            if (rel < 0 || rel >= outH * outW) {
                if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(before[i])) {
                    fail(label + ": out[" + i + "] outside the output was overwritten");
                }
                continue;
            }
            int oy = rel / outW;
            int ox = rel % outW;
            double sum = bias;
            double abs = Math.abs(bias);
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    double t = (double) k[kOff + ky * kw + kx] * in[inOff + (oy * sh + ky * dh) * inW + ox * sw + kx * dwx];
                    sum += t;
                    abs += Math.abs(t);
                }
            }
            // kh*kw products plus the bias summed in float in some order: error at most
            // gamma_(taps+1) * sum|terms| (as for GEMM); (taps + 2) * 2^-24 covers it.
            double tol = (kh * kw + 2) * 0x1p-24 * abs;
            if (Math.abs(out[i] - sum) > tol) {
                fail(label + ": out[" + oy + "][" + ox + "] = " + out[i] + ", expected " + sum + " within " + tol);
            }
        }
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }

    /** Random 2D shapes, strides 1..3, dilations 1..3, output widths around the vector sizes. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void random2d(Kernels kernels) {
        Depthwise dw = kernels.depthwise();
        Random rnd = new Random(5);
        for (int t = 0; t < 400; t++) {
            int outH = 1 + rnd.nextInt(6);
            int outW = 1 + rnd.nextInt(t % 4 == 0 ? 200 : 40);
            int kh = 1 + rnd.nextInt(5);
            int kw = 1 + rnd.nextInt(5);
            int sh = 1 + rnd.nextInt(3);
            int sw = t % 3 == 0 ? 1 + rnd.nextInt(3) : 1;
            int dh = 1 + rnd.nextInt(3);
            int dwx = 1 + rnd.nextInt(3);
            check(dw, rnd, outH, outW, kh, kw, sh, sw, dh, dwx, kernels.name() + " " + outH + "x" + outW + " k"
                    + kh + "x" + kw + " s" + sh + "," + sw + " d" + dh + "," + dwx);
        }
    }

    /**
     * Rows narrower than the 4-vector block (the vector kernel then blocks 4 output rows per
     * column vector): heights around multiples of 4, widths around the vector length, strides
     * and dilations down the column.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void narrowRowsOfEveryHeight(Kernels kernels) {
        Depthwise dw = kernels.depthwise();
        Random rnd = new Random(8);
        for (int outH = 1; outH <= 13; outH++) {
            for (int outW : new int[] {15, 16, 17, 31, 33, 56, 63}) {
                int sh = 1 + outH % 2;
                int dh = 1 + outW % 2;
                check(dw, rnd, outH, outW, 3, 3, sh, 1, dh, 1, kernels.name() + " narrow " + outH + "x" + outW);
            }
        }
    }

    /** 1D (inH = kh = outH = 1): every output width 1..100 with kernels up to 8 and dilations. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void every1dWidth(Kernels kernels) {
        Depthwise dw = kernels.depthwise();
        Random rnd = new Random(6);
        for (int outW = 1; outW <= 100; outW++) {
            int kw = 1 + outW % 8;
            int d = 1 + outW % 4;
            check(dw, rnd, 1, outW, 1, kw, 1, 1, 1, d, kernels.name() + " 1d outW=" + outW);
            check(dw, rnd, 1, outW, 1, kw, 1, 2, 1, d, kernels.name() + " 1d stride 2 outW=" + outW);
        }
    }

    /**
     * {@link Depthwise#correlateZeroPadded} on an {@code h x w} plane at {@code in[inOff]}:
     * checked against a naive correlation over the plane with zeros around it. Everything in
     * {@code in} outside the plane is NaN or infinity, so a tap that strays outside the plane
     * (the vector kernel loads across row and plane ends and blends those lanes to zero) poisons
     * the output. Returns whether the kernel served the shape; when it did not, the output must be
     * untouched.
     */
    private static boolean checkZeroPadded(Depthwise dw, Random rnd, int h, int w, int top, int left,
                                           int outH, int outW, int kh, int kw, int sh, int sw, int dh, int dwx,
                                           int inOff, int inTail, String label) {
        float[] in = new float[inOff + h * w + inTail];
        for (int i = 0; i < in.length; i++) {
            in[i] = i % 3 == 0 ? Float.NaN : i % 3 == 1 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        }
        for (int i = 0; i < h * w; i++) {
            in[inOff + i] = (float) rnd.nextGaussian();
        }
        int kOff = rnd.nextInt(4);
        int outOff = rnd.nextInt(4);
        float[] k = random(rnd, kOff + kh * kw + 3);
        float[] out = random(rnd, outOff + outH * outW + 3);
        float[] before = out.clone();
        float bias = (float) rnd.nextGaussian();
        int paddedH = (outH - 1) * sh + (kh - 1) * dh + 1;
        int paddedW = (outW - 1) * sw + (kw - 1) * dwx + 1;
        float[] scratch = random(rnd, paddedH * paddedW);
        boolean served = dw.readsUnpadded(kh, kw, sh, sw, outW);
        if (served) {
            dw.correlateZeroPadded(in, inOff, h, w, top, left, k, kOff, kh, kw, sh, sw, dh, dwx,
                    out, outOff, outH, outW, bias, scratch);
        } else {
            assertThrows(UnsupportedOperationException.class, () -> dw.correlateZeroPadded(in, inOff, h, w, top, left,
                    k, kOff, kh, kw, sh, sw, dh, dwx, out, outOff, outH, outW, bias, scratch));
        }
        for (int i = 0; i < out.length; i++) {
            int rel = i - outOff;
            if (!served || rel < 0 || rel >= outH * outW) {
                if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(before[i])) {
                    fail(label + ": out[" + i + "] was overwritten" + (served ? " outside the output" : ""));
                }
                continue;
            }
            int oy = rel / outW;
            int ox = rel % outW;
            double sum = bias;
            double abs = Math.abs(bias);
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int r = oy * sh + ky * dh - top;
                    int c = ox * sw + kx * dwx - left;
                    if (r < 0 || r >= h || c < 0 || c >= w) {
                        continue;
                    }
                    double t = (double) k[kOff + ky * kw + kx] * in[inOff + r * w + c];
                    sum += t;
                    abs += Math.abs(t);
                }
            }
            // As in check: at most taps + 1 float roundings of terms bounded by abs.
            double tol = (kh * kw + 2) * 0x1p-24 * abs;
            if (!(Math.abs(out[i] - sum) <= tol)) {
                fail(label + ": out[" + oy + "][" + ox + "] = " + out[i] + ", expected " + sum + " within " + tol);
            }
        }
        return served;
    }

    /**
     * The zero-padded 3x3 stride-1 kernel: output widths 1..40 (around every vector length),
     * 56, 57 and 100, heights 1..9 (row blocks of 4 and their remainders), paddings 0..2 on each
     * side (asymmetric too), dilations 1..3, planes at the very start and end of the array.
     * The vector family must serve every shape with a row of at least 16 outputs (at least one
     * vector on any machine); the scalar family serves none (the layer pads for it).
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void zeroPadded3x3(Kernels kernels) {
        Depthwise dw = kernels.depthwise();
        boolean vector = inPlace(kernels);
        Random rnd = new Random(9);
        int[] widths = new int[43];
        for (int i = 0; i < 40; i++) {
            widths[i] = i + 1;
        }
        widths[40] = 56;
        widths[41] = 57;
        widths[42] = 100;
        for (int outW : widths) {
            for (int outH = 1; outH <= 9; outH++) {
                int dh = 1 + (outW + outH) % 3 / 2 * (1 + outH % 2); // mostly 1, sometimes 2 or 3
                int dwx = outW % 5 == 0 ? 2 : 1;
                int top = rnd.nextInt(3);
                int bottom = rnd.nextInt(3);
                int left = rnd.nextInt(3);
                int right = rnd.nextInt(3);
                int h = outH + 2 * dh - top - bottom;
                int w = outW + 2 * dwx - left - right;
                if (h < 1 || w < 1) {
                    continue;
                }
                int inOff = outH % 3 == 0 ? 0 : rnd.nextInt(70);
                int inTail = outH % 4 == 1 ? 0 : rnd.nextInt(70);
                String label = kernels.name() + " " + h + "x" + w + " -> " + outH + "x" + outW + " pad t" + top
                        + " l" + left + " d" + dh + "," + dwx + " inOff " + inOff + " tail " + inTail;
                boolean served = checkZeroPadded(dw, rnd, h, w, top, left, outH, outW, 3, 3, 1, 1, dh, dwx,
                        inOff, inTail, label);
                if (vector && outW >= 16) {
                    assertTrue(served, label + " was declined");
                } else if (!vector) {
                    assertFalse(served, label + " was served");
                }
            }
        }
    }

    /** Padding wider than the output (the input lands outside it): all bias, nothing read or copied. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void zeroPaddingWiderThanTheOutput(Kernels kernels) {
        Random rnd = new Random(11);
        boolean served = checkZeroPadded(kernels.depthwise(), rnd, 2, 3, 1, 30, 2, 16, 3, 3, 1, 1, 1, 1, 0, 0, "left 30");
        assertEquals(inPlace(kernels), served, "served");
    }

    /** Shapes the 3x3 stride-1 kernel does not serve are declined untouched, whatever the family. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void zeroPaddedDeclinesOtherShapes(Kernels kernels) {
        Depthwise dw = kernels.depthwise();
        Random rnd = new Random(10);
        assertFalse(checkZeroPadded(dw, rnd, 20, 40, 1, 1, 20, 40, 5, 5, 1, 1, 1, 1, 0, 0, "5x5"));
        assertFalse(checkZeroPadded(dw, rnd, 20, 40, 1, 1, 10, 20, 3, 3, 2, 2, 1, 1, 0, 0, "stride 2"));
        assertFalse(checkZeroPadded(dw, rnd, 20, 40, 1, 1, 20, 40, 3, 3, 1, 2, 1, 1, 0, 0, "stride 1x2"));
        assertFalse(checkZeroPadded(dw, rnd, 1, 40, 0, 1, 1, 40, 1, 3, 1, 1, 1, 1, 0, 0, "1x3"));
        // Wide rows: the padded copy and the generic kernel are faster there.
        assertFalse(checkZeroPadded(dw, rnd, 4, 300, 1, 1, 4, 300, 3, 3, 1, 1, 1, 1, 0, 0, "300 wide"));
        assertEquals(inPlace(kernels),
                checkZeroPadded(dw, rnd, 4, 256, 1, 1, 4, 256, 3, 3, 1, 1, 1, 1, 0, 0, "256 wide"));
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void readingPastTheInputIsRejected(Kernels kernels) {
        Depthwise dw = kernels.depthwise();
        float[] in = new float[64 * 64];
        float[] k = new float[9];
        float[] out = new float[64 * 64];
        // 3x3 kernel, 62 outputs need 64 inputs; 63 do not fit.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dw.correlate(in, 0, 64, 64, k, 0, 3, 3, 1, 1, 1, 1, out, 0, 62, 63, 0f));
        assertTrue(e.getMessage().contains("reads past"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> dw.correlate(in, 0, 64, 64, k, 0, 3, 3, 1, 1, 1, 1, out, 0, 63, 62, 0f));
    }

    /** Whether this family serves zero-padded 3x3 in place: the vector one, on every JDK. */
    private static boolean inPlace(Kernels kernels) {
        return kernels.name().equals("vector");
    }
}
