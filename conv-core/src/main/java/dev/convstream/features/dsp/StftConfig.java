package dev.convstream.features.dsp;

import dev.convstream.check.Require;

/**
 * STFT parameters, librosa's names and conventions.
 *
 * @param nFft       FFT size (any n >= 1; powers of two are fastest)
 * @param winLength  window length, {@code 1 <= winLength <= nFft}; a shorter window is centred
 *                   in the frame with {@code (nFft - winLength) / 2} zeros before it
 *                   ({@code librosa.util.pad_center})
 * @param hop        hop length in samples, >= 1
 * @param window     the (periodic) window
 * @param center     true: the signal is padded by {@code nFft/2} on both sides so frame t is
 *                   centred on sample {@code t*hop}, frames = {@code 1 + len/hop};
 *                   false: frame t covers samples {@code [t*hop, t*hop + nFft)},
 *                   frames = {@code 1 + (len - nFft)/hop} (0 when len < nFft)
 * @param padMode    how {@code center} pads, {@code numpy.pad}'s modes: CONSTANT (zeros,
 *                   librosa >= 0.10's default), REFLECT (edge not repeated; torch.stft's and
 *                   librosa < 0.10's default), EDGE (edge repeated; torch's "replicate"),
 *                   SYMMETRIC (mirror with the edge), WRAP (periodic; torch's "circular")
 * @param power      2 for the power spectrogram {@code |X|^2}, 1 for the magnitude {@code |X|}
 */
public record StftConfig(int nFft, int winLength, int hop, WindowType window, boolean center,
                         PadMode padMode, int power) {

    /** How a centred STFT pads the signal's ends, as {@code numpy.pad(x, n_fft // 2, mode)}. */
    public enum PadMode {
        CONSTANT, REFLECT, EDGE, SYMMETRIC, WRAP;

        /** numpy's name: {@code constant}, {@code reflect}, {@code edge}, {@code symmetric}, {@code wrap}. */
        public String numpyName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses numpy's names. */
        public static PadMode parse(String name) {
            for (PadMode m : values()) {
                if (m.numpyName().equalsIgnoreCase(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("pad_mode must be one of constant, reflect, edge, symmetric, wrap, found '"
                    + name + "'");
        }

        /**
         * The source index of padded position {@code i} (outside {@code [0, len)}) for a signal
         * of {@code len} samples padded by {@code pad <= }{@link #maxPad}{@code (len)}; -1 for a zero.
         */
        int source(int i, int len) {
            return switch (this) {
                case CONSTANT -> -1;
                case REFLECT -> i < 0 ? -i : 2 * (len - 1) - i;
                case SYMMETRIC -> i < 0 ? -i - 1 : 2 * len - 1 - i;
                case EDGE -> i < 0 ? 0 : len - 1;
                case WRAP -> i < 0 ? i + len : i - len;
            };
        }

        /** The widest padding one reflection (or copy) of a signal of {@code len} samples gives. */
        int maxPad(int len) {
            return switch (this) {
                case CONSTANT -> Integer.MAX_VALUE;
                case REFLECT -> len - 1;
                case EDGE -> len == 0 ? 0 : Integer.MAX_VALUE;
                case SYMMETRIC, WRAP -> len;
            };
        }
    }

    public StftConfig {
        Require.atLeastOne("n_fft", nFft);
        if (winLength < 1 || winLength > nFft) {
            throw new IllegalArgumentException("win_length must be in [1, n_fft=" + nFft + "], found " + winLength);
        }
        Require.atLeastOne("hop_length", hop);
        Require.notNull("window", window);
        Require.notNull("pad_mode", padMode);
        if (power != 1 && power != 2) {
            throw new IllegalArgumentException("power must be 1 (magnitude) or 2 (power), found " + power);
        }
    }

    /** librosa's defaults for a given n_fft and hop: win_length = n_fft, hann, centred, constant (zero) padding, power. */
    public static StftConfig of(int nFft, int hop) {
        return new StftConfig(nFft, nFft, hop, WindowType.HANN, true, PadMode.CONSTANT, 2);
    }

    public int bins() {
        return nFft / 2 + 1;
    }

    /** Number of frames for a signal of {@code length} samples. */
    public int frames(int length) {
        if (center) {
            return 1 + length / hop;
        }
        return length < nFft ? 0 : 1 + (length - nFft) / hop;
    }

    /** The window zero-padded to nFft, centred as librosa's pad_center does. */
    public double[] paddedWindow() {
        double[] w = new double[nFft];
        double[] core = window.values(winLength);
        System.arraycopy(core, 0, w, (nFft - winLength) / 2, winLength);
        return w;
    }
}
