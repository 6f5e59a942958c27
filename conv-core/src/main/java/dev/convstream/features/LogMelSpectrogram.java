package dev.convstream.features;

import dev.convstream.check.Require;
import dev.convstream.features.dsp.Decibels;
import dev.convstream.features.dsp.MelFilterbank;
import dev.convstream.features.dsp.Stft;
import dev.convstream.tensor.Tensor;

/**
 * The offline log-mel front end: STFT ({@code |X|^power}), mel filterbank, {@code 10 log10}
 * with {@code top_db}, optional per-band normalisation, all as {@link LogMelConfig} describes.
 *
 * <h2>Layout (the convention of the whole features package)</h2>
 * As a {@link Tensor}, a spectrogram is {@code [1][1][frames][n_mels]} (N, C, H = time frame,
 * W = mel band): conv-core's {@link dev.convstream.stream.StreamingConv2d} streams H, so one
 * time step is one contiguous row {@code [n_mels]}, exactly what a live front end produces.
 * The CNN stacks of this package and {@code Npy} files use this layout. Per channel as librosa
 * returns it, {@code [n_mels][frames]}, is {@link #melPower} (before the log) and
 * {@link #computeLibrosaLayout}; {@link #toTimeMajor} converts.
 *
 * <p>Immutable and thread-safe: {@link #compute} builds its own FFT scratch per call.
 */
public final class LogMelSpectrogram {
    private final LogMelConfig config;
    private final MelFilterbank filterbank;
    private final Decibels decibels;

    public LogMelSpectrogram(LogMelConfig config) {
        Require.notNull("config", config);
        this.config = config;
        this.filterbank = new MelFilterbank(config.sampleRate(), config.stft().nFft(), config.nMels(),
                config.fmin(), config.fmax(), config.melScale(), config.slaneyNorm());
        this.decibels = new Decibels(config.amin(), config.topDb());
    }

    public LogMelConfig config() {
        return config;
    }

    /** Frames produced for {@code samples} samples. */
    public int frames(int samples) {
        return config.stft().frames(samples);
    }

    /**
     * The log-mel spectrogram of a mono signal, {@code [1][1][frames][n_mels]}.
     *
     * @param sampleRate must equal {@code config().sampleRate()} (resample first)
     */
    public Tensor compute(float[] mono, int sampleRate) {
        float[] melsByFrames = computeLibrosaLayout(mono, sampleRate);
        return toTimeMajor(melsByFrames, config.nMels(), frames(mono.length));
    }

    /** {@code [n_mels][frames]} row-major to the tensor {@code [1][1][frames][n_mels]}. */
    public static Tensor toTimeMajor(float[] melsByFrames, int mels, int frames) {
        float[] out = new float[mels * frames];
        for (int m = 0; m < mels; m++) {
            for (int t = 0; t < frames; t++) {
                out[t * mels + m] = melsByFrames[m * frames + t];
            }
        }
        return Tensor.wrap(out, 1, 1, frames, mels);
    }

    /** As {@link #compute}, in librosa's layout {@code [n_mels][frames]} row-major. */
    public float[] computeLibrosaLayout(float[] mono, int sampleRate) {
        Require.notNull("signal", mono);
        if (sampleRate != config.sampleRate()) {
            throw new IllegalArgumentException("signal sample rate " + sampleRate + " Hz differs from the front end's "
                    + config.sampleRate() + " Hz: resample first");
        }
        float[] mel = melPower(mono);
        int frames = frames(mono.length);
        decibels.apply(mel, 0, mel.length);
        if (config.bandNormalization()) {
            normalizeBands(mel, config.nMels(), frames);
        }
        return mel;
    }

    /** The mel power (or magnitude) spectrogram before the log, {@code [n_mels][frames]}. */
    public float[] melPower(float[] mono) {
        Stft stft = new Stft(config.stft());
        float[] spec = stft.spectrogram(mono);
        int frames = frames(mono.length);
        float[] mel = new float[config.nMels() * frames];
        for (int t = 0; t < frames; t++) {
            filterbank.apply(spec, t, frames, mel, t, frames);
        }
        return mel;
    }

    /** Per band (row): {@code (x - mean) / max(std, 1e-5)} over the row's frames, in double. */
    static void normalizeBands(float[] x, int bands, int frames) {
        if (frames == 0) {
            return;
        }
        for (int m = 0; m < bands; m++) {
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
