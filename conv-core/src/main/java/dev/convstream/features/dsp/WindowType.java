package dev.convstream.features.dsp;

import dev.convstream.check.Require;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * STFT analysis windows, named and built as {@code scipy.signal.get_window(name, N,
 * fftbins=True)} builds them, which is what librosa's {@code window=} uses: the periodic window,
 * i.e. the symmetric window of N + 1 samples without its last sample. A window of one sample is
 * {@code [1]}, as scipy gives it. The cosine-sum windows are
 * {@code w[j] = sum_k (-1)^k a_k cos(2 pi k j / N)} with scipy's coefficients.
 */
public enum WindowType {
    /** {@code 0.5 - 0.5 cos(2 pi j / N)} (librosa's and torch's default). */
    HANN("hann", 0.5, 0.5),
    /** {@code 0.54 - 0.46 cos(2 pi j / N)}. */
    HAMMING("hamming", 0.54, 0.46),
    /** {@code 0.42 - 0.5 cos + 0.08 cos(2x)}. */
    BLACKMAN("blackman", 0.42, 0.50, 0.08),
    /** 4-term Blackman-Harris. */
    BLACKMANHARRIS("blackmanharris", 0.35875, 0.48829, 0.14128, 0.01168),
    /** Nuttall's 4-term window (Blackman-Nuttall in scipy's coefficients). */
    NUTTALL("nuttall", 0.3635819, 0.4891775, 0.1365995, 0.0106411),
    /** 5-term flat top (amplitude accuracy). */
    FLATTOP("flattop", 0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368),
    /** Triangle reaching zero at both ends: {@code 1 - |2j/N - 1|}. */
    BARTLETT("bartlett"),
    /** scipy's {@code triang}: a triangle that does not reach zero at the ends. */
    TRIANG("triang"),
    /** {@code sin(pi (j + 1/2) / (N + 1))}. */
    COSINE("cosine"),
    /** Rectangular: all ones ({@code boxcar}; librosa's {@code window="ones"}). */
    NONE("boxcar");

    private final String scipyName;
    private final double[] cosineTerms;

    WindowType(String scipyName, double... cosineTerms) {
        this.scipyName = scipyName;
        this.cosineTerms = cosineTerms;
    }

    /** The name {@code scipy.signal.get_window} knows this window by. */
    public String scipyName() {
        return scipyName;
    }

    /** The periodic window of {@code length} samples, in double. */
    public double[] values(int length) {
        Require.atLeastOne("win_length", length);
        double[] w = new double[length];
        if (length == 1) {
            w[0] = 1.0;
            return w;
        }
        int symmetric = length + 1; // the periodic window is the symmetric one of N + 1 samples, truncated
        for (int j = 0; j < length; j++) {
            w[j] = switch (this) {
                case BARTLETT -> 1.0 - Math.abs(2.0 * j / length - 1.0);
                case TRIANG -> {
                    int span = symmetric % 2 == 0 ? symmetric : symmetric + 1;
                    yield 1.0 - Math.abs((2.0 * j - (symmetric - 1)) / span);
                }
                case COSINE -> Math.sin(Math.PI * (j + 0.5) / symmetric);
                case NONE -> 1.0;
                default -> cosineSum(j, length);
            };
        }
        return w;
    }

    private double cosineSum(int j, int length) {
        double sum = 0;
        for (int k = 0; k < cosineTerms.length; k++) {
            double term = cosineTerms[k] * Math.cos(2.0 * Math.PI * k * j / length);
            sum += k % 2 == 0 ? term : -term;
        }
        return sum;
    }

    /**
     * Parses scipy's names ({@code hann}, {@code hamming}, {@code blackman},
     * {@code blackmanharris}, {@code nuttall}, {@code flattop}, {@code bartlett}, {@code triang},
     * {@code cosine}, {@code boxcar}) and the aliases {@code hanning}, {@code none}, {@code ones},
     * {@code rect}.
     */
    public static WindowType parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (WindowType w : values()) {
            if (w.scipyName.equals(n)) {
                return w;
            }
        }
        return switch (n) {
            case "hanning" -> HANN;
            case "none", "rect", "rectangular", "ones" -> NONE;
            default -> throw new IllegalArgumentException("window must be one of " + names() + ", found '" + name + "'");
        };
    }

    /** scipy's names of every window, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(WindowType::scipyName).collect(Collectors.joining(", "));
    }
}
