package dev.convstream.fft;

import dev.convstream.check.Require;

/**
 * Bluestein's chirp-z FFT for any size n: with {@code jk = (j^2 + k^2 - (k-j)^2)/2},
 * {@code X[k] = c*[k] sum_j (x[j] c*[j]) c[k-j]} where {@code c[j] = exp(i pi j^2 / n)}, a
 * linear convolution done by a power-of-two FFT of size {@code m >= 2n - 1}. Cost
 * O(m log m), about 3 FFTs of size m. The chirp angle uses {@code j^2 mod 2n} in exact
 * integer arithmetic so large j loses no precision.
 */
final class BluesteinFft implements ComplexFft {
    private final int n;
    private final int m;
    private final Radix2Fft inner;
    private final double[] chirpRe;   // c[j], j < n
    private final double[] chirpIm;
    private final double[] kernelRe; // FFT of c laid out circularly over m
    private final double[] kernelIm;
    private final double[] workRe;
    private final double[] workIm;

    BluesteinFft(int n) {
        Require.atLeastOne("FFT size", n);
        this.n = n;
        this.m = Integer.highestOneBit(2 * n - 1) == 2 * n - 1 ? 2 * n - 1 : Integer.highestOneBit(2 * n - 1) << 1;
        inner = new Radix2Fft(m);
        chirpRe = new double[n];
        chirpIm = new double[n];
        long twoN = 2L * n;
        for (int j = 0; j < n; j++) {
            long sq = ((long) j * j) % twoN;
            double angle = Math.PI * sq / n;
            chirpRe[j] = Math.cos(angle);
            chirpIm[j] = Math.sin(angle);
        }
        kernelRe = new double[m];
        kernelIm = new double[m];
        for (int j = 0; j < n; j++) {
            kernelRe[j] = chirpRe[j];
            kernelIm[j] = chirpIm[j];
            if (j > 0) {
                kernelRe[m - j] = chirpRe[j];
                kernelIm[m - j] = chirpIm[j];
            }
        }
        inner.transform(kernelRe, kernelIm);
        workRe = new double[m];
        workIm = new double[m];
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public void transform(double[] re, double[] im) {
        for (int j = 0; j < n; j++) { // a[j] = x[j] * conj(c[j])
            double cr = chirpRe[j];
            double ci = chirpIm[j];
            workRe[j] = re[j] * cr + im[j] * ci;
            workIm[j] = im[j] * cr - re[j] * ci;
        }
        java.util.Arrays.fill(workRe, n, m, 0.0);
        java.util.Arrays.fill(workIm, n, m, 0.0);
        inner.transform(workRe, workIm);
        for (int k = 0; k < m; k++) {
            double ar = workRe[k];
            double ai = workIm[k];
            double br = kernelRe[k];
            double bi = kernelIm[k];
            // conjugate the product, so the forward FFT below acts as an inverse (conj trick)
            workRe[k] = ar * br - ai * bi;
            workIm[k] = -(ar * bi + ai * br);
        }
        inner.transform(workRe, workIm);
        double scale = 1.0 / m;
        for (int k = 0; k < n; k++) { // conv[k] = conj(work[k]) / m; X[k] = conj(c[k]) * conv[k]
            double vr = workRe[k] * scale;
            double vi = -workIm[k] * scale;
            double cr = chirpRe[k];
            double ci = chirpIm[k];
            re[k] = vr * cr + vi * ci;
            im[k] = vi * cr - vr * ci;
        }
    }
}
