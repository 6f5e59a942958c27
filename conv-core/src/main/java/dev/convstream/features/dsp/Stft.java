package dev.convstream.features.dsp;

import dev.convstream.check.Require;
import dev.convstream.fft.RealFft;

/**
 * Short-time Fourier transform magnitude/power, as {@code librosa.stft} frames and windows a
 * signal (see {@link StftConfig}); the output is {@code [bins][frames]} row-major,
 * {@code bins = nFft/2 + 1}, as librosa returns it.
 *
 * <p>{@link #frame} transforms one frame already laid out as nFft samples, which is what the
 * streaming extractor feeds; it does not allocate. An instance owns FFT scratch and is not
 * thread-safe; {@link #spectrogram} allocates only its output and the padded signal.
 */
public final class Stft {
    private final StftConfig config;
    private final RealFft fft;
    private final double[] window;
    private final float[] frameBuffer;
    private final double[] re;
    private final double[] im;

    public Stft(StftConfig config) {
        Require.notNull("config", config);
        this.config = config;
        fft = new RealFft(config.nFft());
        window = config.paddedWindow();
        frameBuffer = new float[config.nFft()];
        re = new double[config.bins()];
        im = new double[config.bins()];
    }

    public StftConfig config() {
        return config;
    }

    /**
     * Windows {@code samples[off .. off+nFft)}, transforms it and writes {@code bins} values
     * ({@code |X|^power}) to {@code out[outOff + b*outStride]}.
     */
    public void frame(float[] samples, int off, float[] out, int outOff, int outStride) {
        int n = config.nFft();
        for (int j = 0; j < n; j++) {
            frameBuffer[j] = (float) (samples[off + j] * window[j]);
        }
        transformWindowed(out, outOff, outStride);
    }

    /** As {@link #frame} for a frame held in a ring of {@code ring.length} samples starting at {@code start}. */
    public void frameFromRing(float[] ring, int start, float[] out, int outOff, int outStride) {
        int n = config.nFft();
        int size = ring.length;
        for (int j = 0, p = start; j < n; j++) {
            frameBuffer[j] = (float) (ring[p] * window[j]);
            if (++p == size) {
                p = 0;
            }
        }
        transformWindowed(out, outOff, outStride);
    }

    private void transformWindowed(float[] out, int outOff, int outStride) {
        fft.forward(frameBuffer, 0, re, im);
        int bins = config.bins();
        boolean power = config.power() == 2;
        for (int b = 0; b < bins; b++) {
            double p = re[b] * re[b] + im[b] * im[b];
            out[outOff + b * outStride] = (float) (power ? p : Math.sqrt(p));
        }
    }

    /**
     * The spectrogram of {@code signal}, {@code [bins][frames]} row-major.
     *
     * @throws IllegalArgumentException when a centred STFT's pad mode cannot pad n_fft/2 samples
     *     from this signal with one reflection or copy (reflect: more than n_fft/2 samples
     *     needed; symmetric and wrap: at least n_fft/2; edge: at least one); use CONSTANT
     */
    public float[] spectrogram(float[] signal) {
        int frames = config.frames(signal.length);
        int bins = config.bins();
        float[] out = new float[bins * frames];
        float[] padded = config.center() ? centerPad(signal) : signal;
        for (int t = 0; t < frames; t++) {
            frame(padded, t * config.hop(), out, t, frames);
        }
        return out;
    }

    private float[] centerPad(float[] signal) {
        int pad = config.nFft() / 2;
        int len = signal.length;
        StftConfig.PadMode mode = config.padMode();
        if (pad > mode.maxPad(len)) {
            throw new IllegalArgumentException("a centred STFT with " + mode.numpyName() + " padding cannot pad n_fft/2 = "
                    + pad + " samples from a signal of " + len + "; use constant padding for short signals");
        }
        float[] out = new float[len + 2 * pad];
        System.arraycopy(signal, 0, out, pad, len);
        if (mode != StftConfig.PadMode.CONSTANT) {
            for (int i = 1; i <= pad; i++) {
                out[pad - i] = signal[mode.source(-i, len)];
                out[pad + len - 1 + i] = signal[mode.source(len - 1 + i, len)];
            }
        }
        return out;
    }
}
