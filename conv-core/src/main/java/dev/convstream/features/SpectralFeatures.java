package dev.convstream.features;

import dev.convstream.check.Require;
import dev.convstream.features.dsp.Dct;
import dev.convstream.features.dsp.Decibels;
import dev.convstream.features.dsp.MelFilterbank;
import dev.convstream.features.dsp.Stft;
import dev.convstream.tensor.Tensor;

/**
 * The offline spectral front end of a {@link FeatureSpec}: STFT {@code |X|^power}, then as the
 * kind says the mel filterbank, dB ({@link Decibels}: {@code 10 log10} of a power,
 * {@code 20 log10} of a magnitude; MFCC always {@code power_to_db} as librosa's {@code mfcc}
 * does), DCT-II ortho and lifter for MFCC, and per-row normalisation over the clip.
 *
 * <p>Immutable and thread-safe: each call builds its own FFT scratch.
 */
public final class SpectralFeatures {
    private final FeatureSpec spec;
    private final MelFilterbank filterbank;
    private final Decibels decibels;
    private final Dct dct;

    public SpectralFeatures(FeatureSpec spec) {
        Require.notNull("spec", spec);
        this.spec = spec;
        LogMelConfig c = spec.config();
        FeatureKind kind = spec.kind();
        this.filterbank = kind.usesMel() ? new MelFilterbank(c.sampleRate(), c.stft().nFft(), c.nMels(), c.fmin(),
                c.fmax(), c.melScale(), c.slaneyNorm()) : null;
        // librosa's mfcc takes power_to_db of the mel spectrogram whatever its power.
        Decibels.Scale scale = kind == FeatureKind.MFCC ? Decibels.Scale.POWER : Decibels.Scale.forPower(c.stft().power());
        this.decibels = new Decibels(scale, c.amin(), c.ref(), c.topDb());
        this.dct = kind == FeatureKind.MFCC ? new Dct(c.nMels(), spec.nMfcc()) : null;
    }

    public FeatureSpec spec() {
        return spec;
    }

    /** The floor before the log in use: the config's, or librosa's default for the dB scale used. */
    public double amin() {
        return decibels.amin();
    }

    /** Frames produced for {@code samples} samples. */
    public int frames(int samples) {
        return spec.config().stft().frames(samples);
    }

    /**
     * The features of a mono signal as a 2-D tensor in the spec's layout:
     * {@code [frames][features]} or {@code [features][frames]}.
     *
     * @param sampleRate must equal the config's rate (resample first)
     */
    public Tensor compute(float[] mono, int sampleRate) {
        float[] rows = computeRows(mono, sampleRate);
        int frames = frames(mono.length);
        int size = spec.featureSize();
        return Tensor.wrap(spec.layout().arrange(rows, size, frames), spec.layout().shape(size, frames));
    }

    /** The features in librosa's layout, {@code [features][frames]} row-major, whatever the spec's layout. */
    public float[] computeRows(float[] mono, int sampleRate) {
        Require.notNull("signal", mono);
        if (sampleRate != spec.config().sampleRate()) {
            throw new IllegalArgumentException("signal sample rate " + sampleRate + " Hz differs from the front end's "
                    + spec.config().sampleRate() + " Hz: resample first");
        }
        int frames = frames(mono.length);
        float[] x = filterbank != null ? melPower(mono) : new Stft(spec.config().stft()).spectrogram(mono);
        if (spec.kind().inDecibels()) {
            decibels.apply(x, 0, x.length);
        }
        if (dct != null) {
            x = dct.columns(x, frames);
            lifter(x, spec.nMfcc(), frames, spec.lifter());
        }
        if (spec.config().bandNormalization()) {
            normalizeRows(x, spec.featureSize(), frames);
        }
        return x;
    }

    /** The mel power (or magnitude) spectrogram before the log, {@code [n_mels][frames]}. */
    public float[] melPower(float[] mono) {
        if (filterbank == null) {
            throw new IllegalStateException(spec.kind().cliName() + " features have no mel filterbank");
        }
        float[] spectrum = new Stft(spec.config().stft()).spectrogram(mono);
        int frames = frames(mono.length);
        float[] mel = new float[filterbank.melBands() * frames];
        for (int t = 0; t < frames; t++) {
            filterbank.apply(spectrum, t, frames, mel, t, frames);
        }
        return mel;
    }

    /** librosa's liftering: row k times {@code 1 + (L/2) sin(pi (k+1) / L)}; nothing for L = 0. */
    static void lifter(float[] x, int rows, int frames, double lifter) {
        if (lifter <= 0) {
            return;
        }
        for (int k = 0; k < rows; k++) {
            double gain = 1 + (lifter / 2) * Math.sin(Math.PI * (k + 1) / lifter);
            for (int t = 0; t < frames; t++) {
                x[k * frames + t] = (float) (x[k * frames + t] * gain);
            }
        }
    }

    /** Per row: {@code (x - mean) / max(std, 1e-5)} over the row's frames, in double. */
    static void normalizeRows(float[] x, int rows, int frames) {
        if (frames == 0) {
            return;
        }
        for (int m = 0; m < rows; m++) {
            int row = m * frames;
            double sum = 0;
            for (int t = 0; t < frames; t++) {
                sum += x[row + t];
            }
            double mean = sum / frames;
            double sq = 0;
            for (int t = 0; t < frames; t++) {
                double d = x[row + t] - mean;
                sq += d * d;
            }
            double std = Math.max(Math.sqrt(sq / frames), LogMelConfig.BAND_STD_FLOOR);
            for (int t = 0; t < frames; t++) {
                x[row + t] = (float) ((x[row + t] - mean) / std);
            }
        }
    }
}
