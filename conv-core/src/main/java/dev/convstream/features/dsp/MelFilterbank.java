package dev.convstream.features.dsp;

import dev.convstream.check.Require;

/**
 * Triangular mel filters, {@code librosa.filters.mel} written out (in double, stored as float):
 * <pre>
 * fftfreqs = linspace(0, sr/2, 1 + n_fft//2)
 * mel_f    = mel_to_hz(linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
 * fdiff    = diff(mel_f);  ramps = mel_f[:, None] - fftfreqs[None, :]
 * weights[i] = max(0, min(-ramps[i] / fdiff[i], ramps[i+2] / fdiff[i+1]))
 * norm='slaney': weights[i] *= 2 / (mel_f[i+2] - mel_f[i])     (each filter has unit area in Hz)
 * </pre>
 * The matrix is {@code [n_mels][bins]}; each row's non-zero span is kept so {@link #apply}
 * skips the zeros. Immutable and thread-safe.
 */
public final class MelFilterbank {
    private final int nMels;
    private final int bins;
    private final float[] weights; // [nMels][bins]
    private final int[] first;     // first non-zero bin per band
    private final int[] end;       // one past the last non-zero bin

    /**
     * @param fmax upper edge in Hz; {@code <= 0} or NaN means sr/2 (librosa's None)
     * @param slaneyNorm true for librosa's {@code norm='slaney'}, false for none
     */
    public MelFilterbank(double sampleRate, int nFft, int nMels, double fmin, double fmax,
                         MelScale scale, boolean slaneyNorm) {
        Require.positive("sample rate", sampleRate);
        Require.atLeastOne("n_fft", nFft);
        Require.atLeastOne("n_mels", nMels);
        double top = !(fmax > 0) ? sampleRate / 2 : fmax;
        if (!(fmin >= 0) || !(fmin < top)) {
            throw new IllegalArgumentException("fmin must be in [0, fmax=" + top + "), found " + fmin);
        }
        Require.notNull("mel scale", scale);
        this.nMels = nMels;
        this.bins = nFft / 2 + 1;
        double[] fftFreqs = new double[bins];
        for (int b = 0; b < bins; b++) {
            fftFreqs[b] = bins == 1 ? 0.0 : (sampleRate / 2) * b / (bins - 1);
        }
        double melMin = scale.hzToMel(fmin);
        double melMax = scale.hzToMel(top);
        double[] melF = new double[nMels + 2];
        for (int i = 0; i < nMels + 2; i++) {
            melF[i] = scale.melToHz(melMin + (melMax - melMin) * i / (nMels + 1));
        }
        weights = new float[nMels * bins];
        first = new int[nMels];
        end = new int[nMels];
        for (int i = 0; i < nMels; i++) {
            double lowDiff = melF[i + 1] - melF[i];
            double highDiff = melF[i + 2] - melF[i + 1];
            double enorm = slaneyNorm ? 2.0 / (melF[i + 2] - melF[i]) : 1.0;
            int lo = bins;
            int hi = 0;
            for (int b = 0; b < bins; b++) {
                double lower = -(melF[i] - fftFreqs[b]) / lowDiff;
                double upper = (melF[i + 2] - fftFreqs[b]) / highDiff;
                double w = Math.max(0.0, Math.min(lower, upper)) * enorm;
                weights[i * bins + b] = (float) w;
                if (w != 0.0) {
                    lo = Math.min(lo, b);
                    hi = b + 1;
                }
            }
            first[i] = Math.min(lo, hi);
            end[i] = hi;
        }
    }

    public int melBands() {
        return nMels;
    }

    public int bins() {
        return bins;
    }

    /** A copy of the matrix, {@code [n_mels][bins]} row-major. */
    public float[] matrix() {
        return weights.clone();
    }

    /**
     * {@code mel[m] = sum_b W[m][b] spec[b]} for one frame: {@code spec[specOff + b*specStride]}
     * to {@code mel[melOff + m*melStride]}; sums in double. Does not allocate.
     */
    public void apply(float[] spec, int specOff, int specStride, float[] mel, int melOff, int melStride) {
        for (int m = 0; m < nMels; m++) {
            double sum = 0.0;
            int row = m * bins;
            for (int b = first[m]; b < end[m]; b++) {
                sum += (double) weights[row + b] * spec[specOff + b * specStride];
            }
            mel[melOff + m * melStride] = (float) sum;
        }
    }
}
