package dev.convstream.fft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convstream.testing.AllocationMeter;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real FFT both ways against a naive DFT in double, and the round trip. (Forward against
 * numpy is in {@code FrontEndGoldenTest}.) Sizes: powers of two (radix-2) and others (odd:
 * Bluestein on n; even: Bluestein under the even/odd split).
 */
class RealFftTest {

    private static float[] signal(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    /**
     * {@code X[k] = sum_j x[j] e^{-2 pi i jk/n}}, full spectrum; the angle from {@code jk mod n}
     * in exact integer arithmetic, so the reference's own error is that of its sums only.
     */
    private static double[][] naiveDft(double[] x) {
        int n = x.length;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                double a = -2 * Math.PI * (((long) j * k) % n) / n;
                re[k] += x[j] * Math.cos(a);
                im[k] += x[j] * Math.sin(a);
            }
        }
        return new double[][] {re, im};
    }

    private static double norm2(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    /**
     * Tolerance {@code 1e-12 * ||x||_2 * sqrt(n)}, as for the numpy comparison: an FFT in
     * double has error ~ {@code eps * log2(n) * ||x||_2} per bin and the naive sums
     * ~ {@code eps * sqrt(n) * ||x||_2}, both orders of magnitude below it; a wrong twiddle or bin
     * moves a value by ~{@code ||x||_2}.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8, 16, 128, 1024, 3, 5, 7, 15, 100, 441, 1000})
    void forwardEqualsNaiveDft(int n) {
        float[] x = signal(n, n);
        double[][] ref = naiveDft(toDouble(x));
        RealFft fft = new RealFft(n);
        double[] re = new double[fft.bins()];
        double[] im = new double[fft.bins()];
        fft.forward(x, 0, re, im);
        double tol = 1e-12 * norm2(toDouble(x)) * Math.sqrt(n);
        for (int k = 0; k < fft.bins(); k++) {
            assertEquals(ref[0][k], re[k], tol, "n=" + n + " re[" + k + "]");
            assertEquals(ref[1][k], im[k], tol, "n=" + n + " im[" + k + "]");
        }
    }

    /**
     * The inverse of a random half spectrum equals the naive inverse DFT of its Hermitian
     * extension, {@code x[j] = (1/n) sum_k X[k] e^{2 pi i jk/n}}, with the imaginary parts of
     * bin 0 and (even n) bin n/2 ignored, as {@code numpy.fft.irfft} does: they are set to
     * nonzero values here, and must not change the result. Tolerance
     * {@code 1e-12 * ||X||_2 / sqrt(n)} (the output's own scale, by Parseval), as above.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8, 16, 128, 1024, 3, 5, 7, 15, 100, 441, 1000})
    void inverseEqualsNaiveInverseDft(int n) {
        RealFft fft = new RealFft(n);
        int bins = fft.bins();
        Random r = new Random(n + 17);
        double[] re = new double[bins];
        double[] im = new double[bins];
        for (int k = 0; k < bins; k++) {
            re[k] = r.nextGaussian();
            im[k] = r.nextGaussian();
        }
        double[] fullRe = new double[n];
        double[] fullIm = new double[n];
        for (int k = 0; k < n; k++) {
            int b = k < bins ? k : n - k;
            boolean real = b == 0 || 2 * b == n;
            fullRe[k] = re[b];
            fullIm[k] = real ? 0 : k < bins ? im[b] : -im[b];
        }
        double[] ref = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                double a = 2 * Math.PI * (((long) j * k) % n) / n;
                s += fullRe[k] * Math.cos(a) - fullIm[k] * Math.sin(a);
            }
            ref[j] = s / n;
        }
        double[] out = new double[n + 3];
        fft.inverse(re, im, out, 3);
        double tol = 1e-12 * Math.hypot(norm2(fullRe), norm2(fullIm)) / Math.sqrt(n);
        for (int j = 0; j < n; j++) {
            assertEquals(ref[j], out[3 + j], tol, "n=" + n + " x[" + j + "]");
        }
    }

    /**
     * {@code inverse(forward(x)) == x} within {@code 2e-15 * (1 + log2 n)} for max|x| = 1: each
     * radix-2 pass rounds by about one double ulp (1.1e-16) of the running magnitude, and
     * Bluestein runs three transforms of up to 4n. Seen: 1.1e-15 at n = 4096, 2.2e-15 at
     * n = 4095 (Bluestein), against a tolerance of 2.6e-14 there.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 64, 1024, 4096, 3, 441, 1000, 4095})
    void roundTripGivesTheSignalBack(int n) {
        float[] x = signal(n, 3 * n);
        RealFft fft = new RealFft(n);
        double[] re = new double[fft.bins()];
        double[] im = new double[fft.bins()];
        double[] back = new double[n];
        fft.forward(x, 0, re, im);
        fft.inverse(re, im, back, 0);
        double log2 = Math.log(n) / Math.log(2);
        double tol = 2e-15 * (1 + log2);
        double worst = 0;
        for (int j = 0; j < n; j++) {
            worst = Math.max(worst, Math.abs(back[j] - x[j]));
        }
        if (!(worst <= tol)) {
            fail("n=" + n + ": round trip error " + worst + " above " + tol);
        }
    }

    @Test
    void inverseOfDcOnlyIsAConstantAndOfAFlatSpectrumAnImpulse() {
        for (int n : new int[] {6, 9, 16, 12}) {
            RealFft fft = new RealFft(n);
            double[] re = new double[fft.bins()];
            double[] im = new double[fft.bins()];
            double[] x = new double[n];
            re[0] = 2.0 * n;
            fft.inverse(re, im, x, 0);
            for (int j = 0; j < n; j++) {
                assertEquals(2.0, x[j], 1e-12, "n=" + n + " constant at " + j);
            }
            java.util.Arrays.fill(re, 1.0);
            fft.inverse(re, im, x, 0);
            for (int j = 0; j < n; j++) {
                assertEquals(j == 0 ? 1.0 : 0.0, x[j], 1e-12, "n=" + n + " impulse at " + j);
            }
        }
    }

    @Test
    @Tag("allocation")
    void forwardAndInverseDoNotAllocate() {
        AllocationMeter meter = new AllocationMeter();
        for (int n : new int[] {1024, 512, 441, 400}) { // radix-2, Bluestein (odd), Bluestein under the even split
            RealFft fft = new RealFft(n);
            float[] x = signal(n, 1);
            double[] re = new double[fft.bins()];
            double[] im = new double[fft.bins()];
            double[] back = new double[n];
            Runnable work = () -> {
                for (int i = 0; i < 100; i++) {
                    fft.forward(x, 0, re, im);
                    fft.inverse(re, im, back, 0);
                }
            };
            long bytes = meter.allocatedOnceWarm(() -> {
                for (int i = 0; i < 20; i++) {
                    work.run();
                }
            }, work, 5);
            assertEquals(0, bytes, "bytes allocated by 100 round trips of size " + n);
        }
    }

    @Test
    void inverseRefusesShortArraysNamingTheSizes() {
        RealFft fft = new RealFft(8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fft.inverse(new double[5], new double[5], new double[7], 0));
        assertEquals("output needs 8 samples from offset 0, array has 7", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> fft.inverse(new double[4], new double[5], new double[8], 0));
        assertEquals("input arrays need 5 bins, found 4 and 5", e.getMessage());
    }
}
