package dev.convstream.resample;

import dev.convstream.filter.WindowedSinc;

/**
 * The prototype low-pass cut into polyphase branches, laid out contiguously: row {@code p}
 * holds the {@link #taps} coefficients that weigh input samples {@code n0 - taps/2 + 1 ..
 * n0 + taps/2} for an output at input time {@code n0 + p / phases}, i.e.
 * {@code row_p[i] = h(p / phases + taps/2 - 1 - i)} with {@code h} the continuous prototype.
 *
 * <p>Rational ratios get one row per branch ({@code phases = up}) and every output uses one row
 * exactly. Other ratios get {@link #INTERPOLATED_PHASES} rows plus one (row {@code phases} is
 * row 0 moved by one input sample) and an output between two rows takes the linear blend of
 * their two dot products. Why linear with 512 rows is enough: linear interpolation of a
 * response sampled every 1/512 of an input sample leaves images of the response's band near
 * multiples of 512 cycles per input sample, weighted by {@code sinc^2} of the triangle, i.e. by
 * at most {@code (0.5/512)^2}, about -120 dB.
 *
 * <p>The table is scaled so that its rows average a DC gain of exactly 1 (for a rational
 * ratio: the prototype sampled at {@code up} times the input rate sums to {@code up}, as
 * {@code scipy.signal.resample_poly} scales its filter). Immutable: [thread-safe].
 */
final class PolyphaseFilter {

    /** Rows of the table of a non-rational ratio (plus the wrap-around row). */
    static final int INTERPOLATED_PHASES = 512;

    private final int taps;
    private final int phases;
    private final boolean interpolated;
    private final float[] table;

    private PolyphaseFilter(int taps, int phases, boolean interpolated, float[] table) {
        this.taps = taps;
        this.phases = phases;
        this.interpolated = interpolated;
        this.table = table;
    }

    static PolyphaseFilter design(ResamplerDesign design, RateRatio ratio) {
        WindowedSinc h = design.prototype(ratio.inRate(), ratio.outRate());
        int taps = design.taps(ratio.inRate(), ratio.outRate());
        boolean interpolated = !ratio.isRational();
        int phases = interpolated ? INTERPOLATED_PHASES : ratio.up();
        int rows = interpolated ? phases + 1 : phases;
        double[] values = new double[rows * taps];
        double sum = 0;
        for (int p = 0; p < rows; p++) {
            for (int i = 0; i < taps; i++) {
                double v = h.at((double) p / phases + taps / 2 - 1 - i);
                values[p * taps + i] = v;
                if (p < phases) {
                    sum += v;
                }
            }
        }
        double scale = phases / sum;
        float[] table = new float[values.length];
        for (int k = 0; k < table.length; k++) {
            table[k] = (float) (values[k] * scale);
        }
        return new PolyphaseFilter(taps, phases, interpolated, table);
    }

    /** Input samples under one output. */
    int taps() {
        return taps;
    }

    /** Branches: {@code up} of a rational ratio, {@link #INTERPOLATED_PHASES} otherwise. */
    int phases() {
        return phases;
    }

    boolean interpolated() {
        return interpolated;
    }

    /** A copy of row {@code p}. */
    float[] row(int p) {
        float[] r = new float[taps];
        System.arraycopy(table, p * taps, r, 0, taps);
        return r;
    }

    /** Row {@code p} against {@code x[off .. off + taps)}. */
    float apply(int p, float[] x, int off) {
        return dot(table, p * taps, x, off, taps);
    }

    /** Rows {@code p} and {@code p + 1} blended {@code 1 - a : a}, against {@code x[off .. off + taps)}. */
    float apply(int p, float a, float[] x, int off) {
        float lo = dot(table, p * taps, x, off, taps);
        float hi = dot(table, (p + 1) * taps, x, off, taps);
        return lo + a * (hi - lo);
    }

    /**
     * Four independent sums so the additions of consecutive taps do not wait on each other (C2
     * keeps float reductions in source order, so one accumulator would be latency-bound).
     */
    private static float dot(float[] h, int hOff, float[] x, int xOff, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += h[hOff + i] * x[xOff + i];
            s1 += h[hOff + i + 1] * x[xOff + i + 1];
            s2 += h[hOff + i + 2] * x[xOff + i + 2];
            s3 += h[hOff + i + 3] * x[xOff + i + 3];
        }
        for (; i < n; i++) {
            s0 += h[hOff + i] * x[xOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
