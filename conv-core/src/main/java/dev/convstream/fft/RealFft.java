package dev.convstream.fft;

import dev.convstream.check.Require;

/**
 * The FFT of a real signal of any length n and its inverse: {@link #forward} gives the
 * {@code n/2 + 1} non-negative frequency bins exactly as {@code numpy.fft.rfft} (no scaling,
 * {@code exp(-2 pi i j k / n)}), {@link #inverse} takes them back to n samples exactly as
 * {@code numpy.fft.irfft} (scaled by {@code 1/n}, so {@code inverse(forward(x)) == x}; the
 * imaginary parts of bin 0 and, for even n, bin n/2 are ignored, as a real signal has none).
 *
 * <h2>Why hand-written</h2>
 * conv-core may depend on the JDK and Jackson only (Apache-2.0 throughout). TarsosDSP's FFT is
 * GPL, and JTransforms (BSD) has not been maintained since 2015, so neither may be used here;
 * the transform needed is small enough to write and test against numpy directly.
 *
 * <h2>How</h2>
 * <ul>
 * <li>even n: the classic packing trick, one complex FFT of size n/2 over
 *     {@code z[j] = x[2j] + i x[2j+1]}, then
 *     {@code X[k] = (Z[k] + conj Z[n/2-k])/2 - i e^{-2 pi i k/n} (Z[k] - conj Z[n/2-k])/2};</li>
 * <li>odd n: a complex FFT of size n on {@code (x, 0)};</li>
 * <li>the inverse undoes each step: the even/odd split back into {@code Z}, then the complex
 *     inverse as {@code conj(FFT(conj Z)) / size}, so one forward complex FFT serves both
 *     directions;</li>
 * <li>the complex FFT is iterative radix-2 when its size is a power of two, and Bluestein's
 *     chirp-z (itself on a radix-2 FFT) for every other size, so any n_fft works.</li>
 * </ul>
 * Arithmetic is double throughout (inputs are float), so a float32 spectrogram built on it is
 * limited by float32 storage, not by the transform.
 *
 * <p>All tables and scratch are allocated at construction; {@link #forward} and
 * {@link #inverse} never allocate.
 * An instance is not thread-safe (it owns its scratch): use one per thread.
 */
public final class RealFft {
    private final int n;
    private final ComplexFft fft;
    private final double[] re;
    private final double[] im;
    private final double[] twCos; // e^{-2 pi i k / n}, k <= n/2 (even n only)
    private final double[] twSin;

    public RealFft(int n) {
        Require.atLeastOne("n_fft", n);
        this.n = n;
        boolean even = n % 2 == 0;
        int inner = even ? n / 2 : n;
        fft = ComplexFft.of(inner);
        re = new double[inner];
        im = new double[inner];
        if (even) {
            twCos = new double[n / 2 + 1];
            twSin = new double[n / 2 + 1];
            for (int k = 0; k <= n / 2; k++) {
                double angle = -2.0 * Math.PI * k / n;
                twCos[k] = Math.cos(angle);
                twSin[k] = Math.sin(angle);
            }
        } else {
            twCos = null;
            twSin = null;
        }
    }

    public int size() {
        return n;
    }

    /** {@code n/2 + 1}. */
    public int bins() {
        return n / 2 + 1;
    }

    /**
     * Transforms {@code x[off .. off+n)} into {@code outRe[0..bins)}, {@code outIm[0..bins)}.
     */
    public void forward(float[] x, int off, double[] outRe, double[] outIm) {
        if (off < 0 || x.length - off < n) {
            throw new IllegalArgumentException("input needs " + n + " samples from offset " + off
                    + ", array has " + x.length);
        }
        if (outRe.length < bins() || outIm.length < bins()) {
            throw new IllegalArgumentException("output arrays need " + bins() + " bins, found "
                    + outRe.length + " and " + outIm.length);
        }
        if (n % 2 != 0) {
            for (int j = 0; j < n; j++) {
                re[j] = x[off + j];
                im[j] = 0.0;
            }
            fft.transform(re, im);
            System.arraycopy(re, 0, outRe, 0, bins());
            System.arraycopy(im, 0, outIm, 0, bins());
            return;
        }
        int half = n / 2;
        for (int j = 0; j < half; j++) {
            re[j] = x[off + 2 * j];
            im[j] = x[off + 2 * j + 1];
        }
        fft.transform(re, im);
        for (int k = 0; k <= half; k++) {
            int a = k == half ? 0 : k;
            int b = k == 0 ? 0 : half - k;
            double zr = re[a];
            double zi = im[a];
            double cr = re[b];   // conj(Z[n/2-k]) = (cr, -ci)
            double ci = -im[b];
            double er = 0.5 * (zr + cr);          // even part E = (Z + conj)/2
            double ei = 0.5 * (zi + ci);
            double dr = 0.5 * (zr - cr);          // D = (Z - conj)/2, O = -i D
            double di = 0.5 * (zi - ci);
            double or = di;
            double oi = -dr;
            double wr = twCos[k];
            double wi = twSin[k];
            outRe[k] = er + (or * wr - oi * wi);
            outIm[k] = ei + (or * wi + oi * wr);
        }
    }

    /**
     * The real signal whose spectrum is {@code re[0..bins)}, {@code im[0..bins)}, written to
     * {@code out[off .. off+n)}: {@code x[j] = (1/n) sum_k X[k] exp(2 pi i j k / n)} over the
     * Hermitian extension {@code X[n-k] = conj X[k]}. The inputs are not modified.
     */
    public void inverse(double[] inRe, double[] inIm, double[] out, int off) {
        if (inRe.length < bins() || inIm.length < bins()) {
            throw new IllegalArgumentException("input arrays need " + bins() + " bins, found "
                    + inRe.length + " and " + inIm.length);
        }
        if (off < 0 || out.length - off < n) {
            throw new IllegalArgumentException("output needs " + n + " samples from offset " + off
                    + ", array has " + out.length);
        }
        if (n % 2 != 0) {
            inverseOdd(inRe, inIm, out, off);
            return;
        }
        int half = n / 2;
        for (int k = 0; k < half; k++) {
            // X[k] and conj X[n/2-k]; the imaginary parts of bins 0 and n/2 do not exist
            double xr = inRe[k];
            double xi = k == 0 ? 0.0 : inIm[k];
            double cr = inRe[half - k];
            double ci = k == 0 ? 0.0 : -inIm[half - k];
            double er = 0.5 * (xr + cr);          // E[k] = (X[k] + conj X[n/2-k]) / 2
            double ei = 0.5 * (xi + ci);
            double dr = 0.5 * (xr - cr);          // O[k] = (X[k] - conj X[n/2-k]) / 2 * e^{+2 pi i k/n}
            double di = 0.5 * (xi - ci);
            double wr = twCos[k];
            double wi = -twSin[k];
            double or = dr * wr - di * wi;
            double oi = dr * wi + di * wr;
            re[k] = er - oi;                      // Z = E + i O, conjugated for the forward FFT
            im[k] = -(ei + or);
        }
        fft.transform(re, im);
        double scale = 1.0 / half;
        for (int j = 0; j < half; j++) {          // z = conj(FFT(conj Z)) / (n/2) = x[2j] + i x[2j+1]
            out[off + 2 * j] = re[j] * scale;
            out[off + 2 * j + 1] = -im[j] * scale;
        }
    }

    private void inverseOdd(double[] inRe, double[] inIm, double[] out, int off) {
        re[0] = inRe[0];
        im[0] = 0.0;
        for (int k = 1; k < bins(); k++) {        // conj of the Hermitian extension
            re[k] = inRe[k];
            im[k] = -inIm[k];
            re[n - k] = inRe[k];
            im[n - k] = inIm[k];
        }
        fft.transform(re, im);
        double scale = 1.0 / n;
        for (int j = 0; j < n; j++) {             // the real part of conj(FFT(conj X)) / n
            out[off + j] = re[j] * scale;
        }
    }
}
