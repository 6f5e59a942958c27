package dev.convstream.live.latency;

import dev.convstream.fft.RealFft;

/**
 * Finds where a played signal reappears in a recording: the lag of the largest absolute
 * cross-correlation {@code c[L] = sum_n rec[n] * played[n - L]}, {@code 0 <= L <= maxLag},
 * computed through conv-core's FFT (zero-padded to a power of two past both lengths, so the
 * circular correlation equals the linear one over the searched lags).
 */
public final class DelayFinder {

    /** A found delay and how clearly it stands out. */
    public record Delay(int frames, double peak, double prominence) {
    }

    private DelayFinder() {
    }

    /**
     * @return the lag in frames, the correlation there (normalised by the played signal's
     *         energy: the echo's gain), and its prominence: the peak over the RMS of the
     *         correlation at all searched lags (a clear echo gives hundreds; noise, a few)
     * @throws IllegalArgumentException when either signal is empty or {@code maxLag < 0}
     */
    public static Delay find(float[] played, float[] recorded, int maxLag) {
        if (played.length == 0 || recorded.length == 0 || maxLag < 0) {
            throw new IllegalArgumentException("need a played and a recorded signal and maxLag >= 0, found lengths "
                    + played.length + ", " + recorded.length + ", maxLag " + maxLag);
        }
        int n = Integer.highestOneBit(Math.max(2, played.length + recorded.length - 1) - 1) << 1;
        RealFft fft = new RealFft(n);
        double[] pr = new double[fft.bins()];
        double[] pi = new double[fft.bins()];
        double[] rr = new double[fft.bins()];
        double[] ri = new double[fft.bins()];
        fft.forward(java.util.Arrays.copyOf(played, n), 0, pr, pi);
        fft.forward(java.util.Arrays.copyOf(recorded, n), 0, rr, ri);
        for (int k = 0; k < pr.length; k++) {
            double re = rr[k] * pr[k] + ri[k] * pi[k]; // R * conj(P)
            double im = ri[k] * pr[k] - rr[k] * pi[k];
            rr[k] = re;
            ri[k] = im;
        }
        double[] c = new double[n];
        fft.inverse(rr, ri, c, 0);
        int last = Math.min(maxLag, n - 1);
        int best = 0;
        double sumSq = 0;
        for (int lag = 0; lag <= last; lag++) {
            sumSq += c[lag] * c[lag];
            if (Math.abs(c[lag]) > Math.abs(c[best])) {
                best = lag;
            }
        }
        double energy = 0;
        for (float x : played) {
            energy += (double) x * x;
        }
        double rms = Math.sqrt(sumSq / (last + 1));
        return new Delay(best, energy > 0 ? c[best] / energy : 0, rms > 0 ? Math.abs(c[best]) / rms : 0);
    }
}
