package dev.convstream.testing;

import dev.convstream.fft.RealFft;
import dev.convstream.filter.KaiserWindow;

/**
 * The amplitude spectrum of a stretch of signal, for measuring a resampler with sines: a
 * Kaiser window of beta 20 (side lobes about 150 dB down, main lobe {@value #MAIN_LOBE_BINS}
 * bins either side), scaled so that a sine of amplitude {@code a} centred on a bin reads
 * {@code a} in that bin. Double-precision transform (conv-core's {@link RealFft}).
 */
public final class ToneSpectrum {

    /** Bins either side of a tone that its main lobe covers (beta 20: about 6.5; kept with margin). */
    public static final int MAIN_LOBE_BINS = 10;

    private static final double BETA = 20;

    private final double[] magnitude;
    private final double rate;
    private final int n;

    /** The spectrum of {@code y[off .. off + n)}, {@code y} sampled at {@code rate} Hz. */
    public ToneSpectrum(float[] y, int off, int n, double rate) {
        this.n = n;
        this.rate = rate;
        float[] w = new float[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double wi = KaiserWindow.at(BETA, (2.0 * i - (n - 1)) / (n - 1));
            sum += wi;
            w[i] = (float) (wi * y[off + i]);
        }
        RealFft fft = new RealFft(n);
        double[] re = new double[fft.bins()];
        double[] im = new double[fft.bins()];
        fft.forward(w, 0, re, im);
        magnitude = new double[fft.bins()];
        for (int k = 0; k < magnitude.length; k++) {
            magnitude[k] = 2 * Math.hypot(re[k], im[k]) / sum;
        }
    }

    /** The bin centre nearest {@code hz}. */
    public int bin(double hz) {
        return (int) Math.round(hz * n / rate);
    }

    /** The frequency of bin {@code k}, Hz. */
    public double frequency(int k) {
        return k * rate / n;
    }

    /** The amplitude read in bin {@code k}. */
    public double amplitude(int k) {
        return magnitude[k];
    }

    /** The largest amplitude outside the main lobe of a tone in bin {@code tone} (-1: no tone, every bin). */
    public double largestOutside(int tone) {
        double max = 0;
        for (int k = 0; k < magnitude.length; k++) {
            if (tone < 0 || Math.abs(k - tone) > MAIN_LOBE_BINS) {
                max = Math.max(max, magnitude[k]);
            }
        }
        return max;
    }

    /** {@code 20 log10(a)}. */
    public static double db(double a) {
        return 20 * Math.log10(a);
    }
}
