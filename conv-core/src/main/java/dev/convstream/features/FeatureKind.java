package dev.convstream.features;

/**
 * What a spectral front end outputs, with the librosa and torchaudio call each one matches
 * (librosa's default arguments otherwise; see {@link LogMelConfig}).
 */
public enum FeatureKind {
    /** {@code power_to_db(melspectrogram(...))} ({@code amplitude_to_db} with power 1); torchaudio MelSpectrogram + AmplitudeToDB. */
    LOG_MEL("log-mel", true, true),
    /** {@code librosa.feature.melspectrogram}; torchaudio {@code MelSpectrogram}. */
    MEL("mel", true, false),
    /** {@code librosa.feature.mfcc} (DCT-II ortho of power_to_db of the mel spectrogram, optional lifter); torchaudio {@code MFCC}. */
    MFCC("mfcc", true, true),
    /** {@code np.abs(librosa.stft(...)) ** power}, linear frequency; torchaudio {@code Spectrogram}. */
    STFT("stft", false, false),
    /** The STFT in dB: {@code amplitude_to_db(np.abs(stft))} (power 1) or {@code power_to_db} (power 2). */
    LOG_STFT("log-stft", false, true);

    private final String cliName;
    private final boolean mel;
    private final boolean decibels;

    FeatureKind(String cliName, boolean mel, boolean decibels) {
        this.cliName = cliName;
        this.mel = mel;
        this.decibels = decibels;
    }

    /** The command line's name, e.g. {@code log-mel}. */
    public String cliName() {
        return cliName;
    }

    /** Whether the mel filterbank is applied. */
    public boolean usesMel() {
        return mel;
    }

    /** Whether values are in dB. */
    public boolean inDecibels() {
        return decibels;
    }

    /** Parses {@link #cliName()}. */
    public static FeatureKind parse(String name) {
        for (FeatureKind k : values()) {
            if (k.cliName.equalsIgnoreCase(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("feature must be one of log-mel, mel, mfcc, stft, log-stft, found '" + name + "'");
    }
}
