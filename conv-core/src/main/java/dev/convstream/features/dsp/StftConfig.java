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
 * @param padMode    how {@code center} pads: REFLECT (numpy "reflect", edge not repeated) or
 *                   CONSTANT (zeros, librosa >= 0.10's default)
 * @param power      2 for the power spectrogram {@code |X|^2}, 1 for the magnitude {@code |X|}
 */
public record StftConfig(int nFft, int winLength, int hop, WindowType window, boolean center,
                         PadMode padMode, int power) {

    /** How a centred STFT pads the signal's ends. */
    public enum PadMode { REFLECT, CONSTANT }

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

    /** librosa's defaults for a given n_fft: win_length = n_fft, hop = n_fft/4, hann, centred, reflect, power. */
    public static StftConfig of(int nFft, int hop) {
        return new StftConfig(nFft, nFft, hop, WindowType.HANN, true, PadMode.REFLECT, 2);
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
