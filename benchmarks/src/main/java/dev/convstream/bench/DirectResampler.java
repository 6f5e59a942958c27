package dev.convstream.bench;

import dev.convstream.filter.WindowedSinc;
import dev.convstream.resample.RateRatio;
import dev.convstream.resample.Resampler;

/**
 * The baseline a polyphase resampler is measured against: the same filter as a direct
 * (non-polyphase) FIR, the textbook way: the input zero-stuffed to {@code up} times its rate,
 * convolved with the whole prototype ({@code up * taps + 1} taps, zeros included), and only
 * every {@code down}-th output computed (so it is already spared the outputs decimation throws
 * away). Same outputs as {@link Resampler#resample} within float rounding.
 */
final class DirectResampler {

    private final int up;
    private final int down;
    private final int centre;
    private final float[] prototype;

    DirectResampler(Resampler r) {
        RateRatio ratio = r.ratio();
        if (!ratio.isRational()) {
            throw new IllegalArgumentException("the direct baseline needs a rational ratio, found " + ratio);
        }
        up = ratio.up();
        down = ratio.down();
        WindowedSinc h = r.design().prototype(ratio.inRate(), ratio.outRate());
        centre = r.taps() * up / 2;
        prototype = new float[2 * centre + 1];
        for (int d = 0; d < prototype.length; d++) {
            prototype[d] = (float) h.at((double) (d - centre) / up);
        }
    }

    /** {@code x} zero-stuffed: {@code x[i]} at {@code i * up}, zeros between. */
    float[] stuff(float[] x) {
        float[] s = new float[x.length * up];
        for (int i = 0; i < x.length; i++) {
            s[i * up] = x[i];
        }
        return s;
    }

    /** Outputs {@code 0 .. out.length) of the zero-stuffed signal {@code s}. */
    void run(float[] s, float[] out) {
        for (int k = 0; k < out.length; k++) {
            int at = k * down + centre; // the newest stuffed sample under the filter
            float sum = 0;
            for (int d = Math.max(0, at - s.length + 1); d < prototype.length && d <= at; d++) {
                sum += prototype[d] * s[at - d];
            }
            out[k] = sum;
        }
    }
}
