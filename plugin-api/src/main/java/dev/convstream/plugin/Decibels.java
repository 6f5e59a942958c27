package dev.convstream.plugin;

/**
 * Decibels to linear amplitude ratio, the one conversion every gain parameter in dB goes
 * through. Stateless and allocation-free: [audio-thread] safe.
 */
public final class Decibels {

    private Decibels() {
    }

    /** Amplitude ratio of {@code decibels}: {@code 10^(dB/20)}; 0 dB is 1, -6.02 dB about 0.5. */
    public static float toGain(double decibels) {
        return (float) Math.pow(10, decibels / 20);
    }
}
