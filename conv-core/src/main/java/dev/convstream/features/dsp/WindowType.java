package dev.convstream.features.dsp;

import dev.convstream.check.Require;

/**
 * STFT analysis windows, periodic ("fftbins=True") as {@code scipy.signal.get_window} and
 * librosa build them for spectral analysis: {@code w[j]} for {@code j < N} with period N, not
 * the symmetric N-1.
 */
public enum WindowType {
    /** {@code 0.5 - 0.5 cos(2 pi j / N)}. */
    HANN,
    /** {@code 0.54 - 0.46 cos(2 pi j / N)}. */
    HAMMING,
    /** Rectangular: all ones ({@code window=None}/"boxcar"). */
    NONE;

    /** The periodic window of {@code length} samples, in double. */
    public double[] values(int length) {
        Require.atLeastOne("win_length", length);
        double[] w = new double[length];
        for (int j = 0; j < length; j++) {
            double c = Math.cos(2.0 * Math.PI * j / length);
            w[j] = switch (this) {
                case HANN -> 0.5 - 0.5 * c;
                case HAMMING -> 0.54 - 0.46 * c;
                case NONE -> 1.0;
            };
        }
        return w;
    }

    /** Parses {@code hann}, {@code hamming}, {@code none}/{@code rect}/{@code boxcar}. */
    public static WindowType parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "hann", "hanning" -> HANN;
            case "hamming" -> HAMMING;
            case "none", "rect", "rectangular", "boxcar", "ones" -> NONE;
            default -> throw new IllegalArgumentException("window must be hann, hamming or none, found '" + name + "'");
        };
    }
}
