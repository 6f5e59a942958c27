package dev.convstream.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both depthwise families against a naive double-precision correlation. */
class DepthwiseTest {

    static Stream<Kernels> families() {
        return Stream.of(Kernels.scalar(), Kernels.vector());
    }

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
    @MethodSource("families")
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
    @MethodSource("families")
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
    @MethodSource("families")
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

    @ParameterizedTest
    @MethodSource("families")
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
}
