package dev.convstream.fft;

import dev.convstream.check.Require;

/**
 * An in-place forward discrete Fourier transform of one fixed size over split real/imaginary
 * double arrays: {@code X[k] = sum_j x[j] exp(-2 pi i j k / n)} (numpy's sign and scale).
 * Instances own their scratch, so {@link #transform} never allocates; one instance must not be
 * used by two threads at once.
 */
interface ComplexFft {

    int size();

    /** Transforms {@code re[0..n)}, {@code im[0..n)} in place. */
    void transform(double[] re, double[] im);

    /** Radix-2 for powers of two, Bluestein's chirp-z for every other size. */
    static ComplexFft of(int n) {
        Require.atLeastOne("FFT size", n);
        return Integer.bitCount(n) == 1 ? new Radix2Fft(n) : new BluesteinFft(n);
    }
}
