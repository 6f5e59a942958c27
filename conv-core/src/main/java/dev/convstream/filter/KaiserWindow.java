package dev.convstream.filter;

import dev.convstream.check.Require;

/**
 * The Kaiser window and Kaiser's design formulas (Kaiser 1974; Oppenheim &amp; Schafer,
 * <i>Discrete-Time Signal Processing</i>, 3rd ed., section 7.6.1), as {@code numpy.kaiser} and
 * {@code scipy.signal.kaiser_beta} / {@code kaiserord} compute them.
 *
 * <p>The window is evaluated at any real position, not only on a sample grid: a polyphase
 * resampler samples one continuous windowed sinc at many fractional offsets. [thread-safe]
 */
public final class KaiserWindow {
    private KaiserWindow() {
    }

    /**
     * Kaiser's {@code beta} for a stop-band attenuation of {@code attenuationDb} (dB, positive):
     * {@code 0.1102 (A - 8.7)} above 50 dB, {@code 0.5842 (A - 21)^0.4 + 0.07886 (A - 21)} from
     * 21 to 50 dB, 0 below.
     */
    public static double beta(double attenuationDb) {
        Require.positive("attenuationDb", attenuationDb);
        double a = attenuationDb;
        if (a > 50) {
            return 0.1102 * (a - 8.7);
        }
        if (a >= 21) {
            return 0.5842 * Math.pow(a - 21, 0.4) + 0.07886 * (a - 21);
        }
        return 0;
    }

    /**
     * Kaiser's estimate of the filter order (length in samples minus one) reaching
     * {@code attenuationDb} with a transition band {@code transitionWidth} wide (a fraction of
     * the sample rate): {@code (A - 7.95) / (2.285 * 2 pi * width)}, rounded up.
     */
    public static int order(double attenuationDb, double transitionWidth) {
        Require.positive("attenuationDb", attenuationDb);
        if (!(transitionWidth > 0 && transitionWidth < 0.5)) {
            throw new IllegalArgumentException("transitionWidth must be in (0, 0.5) of the sample rate, found "
                    + transitionWidth);
        }
        return (int) Math.ceil((attenuationDb - 7.95) / (2.285 * 2 * Math.PI * transitionWidth));
    }

    /**
     * The window at {@code x}, its centre at 0 and its ends at -1 and 1:
     * {@code I0(beta sqrt(1 - x^2)) / I0(beta)}, 0 outside [-1, 1].
     */
    public static double at(double beta, double x) {
        if (x < -1 || x > 1) {
            return 0;
        }
        return besselI0(beta * Math.sqrt(1 - x * x)) / besselI0(beta);
    }

    /**
     * The modified Bessel function of the first kind, order 0, by its power series
     * {@code sum_k ((x/2)^k / k!)^2}; every term is positive, so the sum is accurate to the last
     * bit once a term falls below the precision of the sum (about 40 terms for {@code x = 20}).
     */
    static double besselI0(double x) {
        double half = x / 2;
        double term = 1;
        double sum = 1;
        for (int k = 1; k < 500; k++) {
            term *= half / k;
            double t2 = term * term;
            sum += t2;
            if (t2 < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
