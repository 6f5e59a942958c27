package dev.convstream.features.dsp;

/** The two mel scales of {@code librosa.hz_to_mel}/{@code mel_to_hz}. */
public enum MelScale {
    /** HTK: {@code mel = 2595 log10(1 + f/700)}. */
    HTK,
    /**
     * Slaney (Auditory Toolbox, librosa's default): linear below 1 kHz,
     * {@code mel = f / (200/3)}, and logarithmic above,
     * {@code mel = 15 + ln(f/1000) / (ln(6.4)/27)}.
     */
    SLANEY;

    private static final double F_SP = 200.0 / 3.0;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOG_STEP = Math.log(6.4) / 27.0;

    public double hzToMel(double hz) {
        if (this == HTK) {
            return 2595.0 * Math.log10(1.0 + hz / 700.0);
        }
        return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
    }

    public double melToHz(double mel) {
        if (this == HTK) {
            return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
        }
        return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
    }

    public static MelScale parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "htk" -> HTK;
            case "slaney" -> SLANEY;
            default -> throw new IllegalArgumentException("mel scale must be htk or slaney, found '" + name + "'");
        };
    }
}
