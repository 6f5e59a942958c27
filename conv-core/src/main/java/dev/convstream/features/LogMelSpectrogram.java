package dev.convstream.features;

import dev.convstream.features.dsp.Decibels;
import dev.convstream.features.dsp.MelFilterbank;
import dev.convstream.features.dsp.Stft;
import dev.convstream.tensor.Tensor;

/**
 * The offline log-mel front end: STFT ({@code |X|^power}), mel filterbank, {@code 10 log10}
 * with {@code top_db}, optional per-band normalisation, all as {@link LogMelConfig} describes.
 *
 * <h2>Layout (the convention of the whole features package)</h2>
 * A spectrogram is {@code [n_mels][frames]} row-major per channel, as librosa returns it, and
 * as a {@link Tensor} {@code [1][1][n_mels][frames]} (N, C, H = mel band, W = time frame):
 * frequency is the height, time is the width, the last and fastest axis. The same memory
 * serves both. The CNN stacks of this package read that layout, and the streaming stacks
 * stream the W (time) axis.
 *
 * <p>Immutable and thread-safe: {@link #compute} builds its own FFT scratch per call.
 */
public final class LogMelSpectrogram {
    private final LogMelConfig config;
    private final MelFilterbank filterbank;
    private final Decibels decibels;

    public LogMelSpectrogram(LogMelConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
        this.filterbank = new MelFilterbank(config.sampleRate(), config.stft().nFft(), config.nMels(),
                config.fmin(), config.fmax(), config.melScale(), config.slaneyNorm());
        this.decibels = new Decibels(config.amin(), config.topDb());
    }

    public LogMelConfig config() {
        return config;
    }

    public MelFilterbank filterbank() {
        return filterbank;
    }

    /** Frames produced for {@code samples} samples. */
    public int frames(int samples) {
        return config.stft().frames(samples);
    }

    /**
     * The log-mel spectrogram of a mono signal, {@code [1][1][n_mels][frames]}.
     *
     * @param sampleRate must equal {@code config().sampleRate()} (resample first)
     */
    public Tensor compute(float[] mono, int sampleRate) {
        if (mono == null) {
            throw new IllegalArgumentException("signal must not be null");
        }
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
        return Tensor.wrap(mel, 1, 1, config.nMels(), frames);
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
