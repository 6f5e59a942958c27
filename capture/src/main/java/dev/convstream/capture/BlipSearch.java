package dev.convstream.capture;

import java.util.Optional;

/**
 * Finds a blip in a recording by cross-correlation: the lag where the recording best matches
 * the blip, to a fraction of a sample, and how well it matches. Direct correlation (a few
 * tens of millions of multiply-adds per blip, tens of milliseconds): simple enough to check by
 * eye, and no FFT sizes to get wrong.
 */
final class BlipSearch {

    /**
     * A match.
     *
     * @param lag         sub-sample lag (parabolic interpolation of the correlation around its peak)
     * @param sampleLag   the integer lag of the peak
     * @param correlation normalised correlation at the peak: |sum b r| / (|b| |r|) over the blip's
     *                    length, 1 for a scaled copy, about 1/sqrt(length) for unrelated noise
     */
    record Hit(double lag, int sampleLag, double correlation) {
    }

    private BlipSearch() {
    }

    /**
     * The lag in {@code [minLag, maxLag]} where {@code recording[position + lag ...]} correlates
     * most strongly with {@code blip} (either polarity); empty when no lag keeps the blip inside
     * the recording.
     */
    static Optional<Hit> find(float[] recording, float[] blip, int position, int minLag, int maxLag) {
        int lo = Math.max(minLag, -position);
        int hi = Math.min(maxLag, recording.length - blip.length - position);
        if (lo > hi) {
            return Optional.empty();
        }
        double best = -1;
        int bestLag = lo;
        for (int lag = lo; lag <= hi; lag++) {
            double d = Math.abs(dot(recording, position + lag, blip));
            if (d > best) {
                best = d;
                bestLag = lag;
            }
        }
        double fraction = 0;
        if (bestLag > lo && bestLag < hi) {
            double sign = Math.signum(dot(recording, position + bestLag, blip));
            double y0 = sign * dot(recording, position + bestLag - 1, blip);
            double y1 = sign * dot(recording, position + bestLag, blip);
            double y2 = sign * dot(recording, position + bestLag + 1, blip);
            double curvature = y0 - 2 * y1 + y2;
            if (curvature < 0) {
                fraction = Math.max(-0.5, Math.min(0.5, 0.5 * (y0 - y2) / curvature));
            }
        }
        return Optional.of(new Hit(bestLag + fraction, bestLag, correlation(recording, position + bestLag, blip)));
    }

    /** Normalised correlation of {@code blip} with the recording from {@code at}; 0 where the recording is silent. */
    static double correlation(float[] recording, int at, float[] blip) {
        double rr = 0;
        double bb = 0;
        for (int k = 0; k < blip.length; k++) {
            rr += (double) recording[at + k] * recording[at + k];
            bb += (double) blip[k] * blip[k];
        }
        return rr == 0 ? 0 : Math.abs(dot(recording, at, blip)) / Math.sqrt(rr * bb);
    }

    private static double dot(float[] recording, int at, float[] blip) {
        double s = 0;
        for (int k = 0; k < blip.length; k++) {
            s += (double) recording[at + k] * blip[k];
        }
        return s;
    }
}
