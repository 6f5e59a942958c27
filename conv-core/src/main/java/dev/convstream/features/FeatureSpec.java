package dev.convstream.features;

import dev.convstream.check.Require;

/**
 * Everything that defines a spectral feature matrix: which kind, the front end
 * ({@link LogMelConfig}: STFT, mel, dB, normalisation), the MFCC settings and the layout.
 *
 * @param kind   what is output
 * @param config the front end; for {@link FeatureKind#STFT} and {@link FeatureKind#LOG_STFT}
 *               its mel settings are unused
 * @param nMfcc  MFCC coefficients kept (librosa {@code n_mfcc}, default 20), in
 *               {@code [1, n_mels]}; used only by {@link FeatureKind#MFCC}
 * @param lifter librosa's {@code lifter} (>= 0; 0 = none): coefficient k is multiplied by
 *               {@code 1 + (lifter/2) sin(pi (k+1) / lifter)}; torchaudio's MFCC has none
 * @param layout {@code [frames][features]} or librosa's {@code [features][frames]}
 */
public record FeatureSpec(FeatureKind kind, LogMelConfig config, int nMfcc, double lifter, FeatureLayout layout) {

    /** librosa's {@code n_mfcc} default. */
    public static final int DEFAULT_N_MFCC = 20;

    public FeatureSpec {
        Require.notNull("feature kind", kind);
        Require.notNull("config", config);
        Require.notNull("layout", layout);
        if (kind == FeatureKind.MFCC) {
            Require.inRange("n_mfcc", nMfcc, 1, config.nMels());
        }
        if (!(lifter >= 0) || Double.isInfinite(lifter)) {
            throw new IllegalArgumentException("lifter must be a finite number >= 0, found " + lifter);
        }
    }

    /** The log-mel spectrogram of {@code config}, {@code [frames][n_mels]}. */
    public static FeatureSpec logMel(LogMelConfig config) {
        return new FeatureSpec(FeatureKind.LOG_MEL, config, DEFAULT_N_MFCC, 0, FeatureLayout.FRAMES_FIRST);
    }

    /** Features per frame: STFT bins, mel bands or MFCC coefficients. */
    public int featureSize() {
        return switch (kind) {
            case STFT, LOG_STFT -> config.stft().bins();
            case MFCC -> nMfcc;
            default -> config.nMels();
        };
    }
}
