package dev.convstream.features;

import dev.convstream.check.Require;
import dev.convstream.tensor.Tensor;

/**
 * The offline log-mel front end: STFT ({@code |X|^power}), mel filterbank, dB ({@code 10 log10}
 * of a power, {@code 20 log10} of a magnitude, {@code ref}, {@code top_db}), optional per-band
 * normalisation, all as {@link LogMelConfig} describes; {@link SpectralFeatures} of
 * {@link FeatureKind#LOG_MEL} in the tensor layout below.
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
    private final SpectralFeatures features;

    public LogMelSpectrogram(LogMelConfig config) {
        Require.notNull("config", config);
        this.config = config;
        this.features = new SpectralFeatures(FeatureSpec.logMel(config));
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
        return Tensor.wrap(FeatureLayout.FRAMES_FIRST.arrange(melsByFrames, mels, frames), 1, 1, frames, mels);
    }

    /** As {@link #compute}, in librosa's layout {@code [n_mels][frames]} row-major. */
    public float[] computeLibrosaLayout(float[] mono, int sampleRate) {
        return features.computeRows(mono, sampleRate);
    }

    /** The mel power (or magnitude) spectrogram before the log, {@code [n_mels][frames]}. */
    public float[] melPower(float[] mono) {
        return features.melPower(mono);
    }
}
