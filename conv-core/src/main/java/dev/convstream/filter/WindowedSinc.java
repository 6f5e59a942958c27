package dev.convstream.filter;

import dev.convstream.check.Require;

/**
 * A low-pass impulse response as a continuous function of time (in samples): the ideal
 * low-pass {@code 2 fc sinc(2 fc t)} ({@code sinc(u) = sin(pi u) / (pi u)}) under a Kaiser
 * window reaching zero weight beyond {@code |t| = halfWidth}. Sampled on the integers it is
 * {@code scipy.signal.firwin(2 halfWidth + 1, 2 fc, window=("kaiser", beta), scale=False)}.
 *
 * @param cutoff    {@code fc}, cycles per sample, in (0, 0.5]
 * @param halfWidth the window's half length in samples, > 0
 * @param beta      the Kaiser window's beta ({@link KaiserWindow#beta}), >= 0
 */
public record WindowedSinc(double cutoff, double halfWidth, double beta) {

    public WindowedSinc {
        if (!(cutoff > 0 && cutoff <= 0.5)) {
            throw new IllegalArgumentException("cutoff must be in (0, 0.5] cycles per sample, found " + cutoff);
        }
        Require.positive("halfWidth", halfWidth);
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be >= 0 and finite, found " + beta);
        }
    }

    /** The response at time {@code t} (samples); 0 for {@code |t| > halfWidth}. */
    public double at(double t) {
        double w = KaiserWindow.at(beta, t / halfWidth);
        if (w == 0) {
            return 0;
        }
        double u = 2 * cutoff * t;
        double sinc = u == 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
        return 2 * cutoff * sinc * w;
    }
}
