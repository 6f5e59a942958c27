package dev.convstream.features.dsp;

import dev.convstream.check.Require;

/**
 * The first {@code nOut} coefficients of the orthonormal DCT-II over {@code nIn} values,
 * {@code scipy.fft.dct(x, type=2, norm='ortho')[:nOut]} (librosa's and torchaudio's MFCC):
 * <pre>
 * y[k] = s_k sum_n x[n] cos(pi k (2n + 1) / (2 nIn)),   s_0 = sqrt(1/nIn), s_k = sqrt(2/nIn)
 * </pre>
 * The matrix is built once in double; immutable and thread-safe.
 */
public final class Dct {
    private final int nIn;
    private final int nOut;
    private final double[] basis; // [nOut][nIn]

    public Dct(int nIn, int nOut) {
        Require.atLeastOne("DCT input size", nIn);
        Require.inRange("n_mfcc", nOut, 1, nIn);
        this.nIn = nIn;
        this.nOut = nOut;
        basis = new double[nOut * nIn];
        for (int k = 0; k < nOut; k++) {
            double s = Math.sqrt((k == 0 ? 1.0 : 2.0) / nIn);
            for (int n = 0; n < nIn; n++) {
                basis[k * nIn + n] = s * Math.cos(Math.PI * k * (2 * n + 1) / (2.0 * nIn));
            }
        }
    }

    /**
     * Over the columns of {@code x} ({@code [nIn][frames]} row-major), giving
     * {@code [nOut][frames]}: the DCT along the first axis, as librosa's {@code axis=-2}.
     */
    public float[] columns(float[] x, int frames) {
        float[] y = new float[nOut * frames];
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < nOut; k++) {
                double sum = 0;
                for (int n = 0; n < nIn; n++) {
                    sum += basis[k * nIn + n] * x[n * frames + t];
                }
                y[k * frames + t] = (float) sum;
            }
        }
        return y;
    }
}
