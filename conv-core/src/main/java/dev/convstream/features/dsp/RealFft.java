package dev.convstream.features.dsp;

/**
 * The forward FFT of a real signal of any length n, giving the {@code n/2 + 1} non-negative
 * frequency bins exactly as {@code numpy.fft.rfft} (no scaling, {@code exp(-2 pi i j k / n)}).
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
 * <li>the complex FFT is iterative radix-2 when its size is a power of two, and Bluestein's
 *     chirp-z (itself on a radix-2 FFT) for every other size, so any n_fft works.</li>
 * </ul>
 * Arithmetic is double throughout (inputs are float), so a float32 spectrogram built on it is
 * limited by float32 storage, not by the transform.
 *
 * <p>All tables and scratch are allocated at construction; {@link #forward} never allocates.
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
        if (n < 1) {
            throw new IllegalArgumentException("n_fft must be >= 1, found " + n);
        }
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
}
