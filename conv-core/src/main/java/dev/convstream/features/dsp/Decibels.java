package dev.convstream.features.dsp;

import dev.convstream.check.Require;

/**
 * {@code librosa.power_to_db} with {@code ref=1.0}: {@code 10 log10(max(x, amin))}, then, with
 * {@code top_db}, every value below {@code max - top_db} is raised to it (max over the whole
 * array given). Computed in double, stored as float.
 */
public final class Decibels {
    private final double amin;
    private final double topDb;

    /**
     * @param amin  floor before the log, > 0 (librosa: 1e-10)
     * @param topDb dynamic range kept below the maximum, > 0, or NaN for none (librosa: 80)
     */
    public Decibels(double amin, double topDb) {
        Require.positive("amin", amin);
        if (!Double.isNaN(topDb) && !(topDb > 0)) {
            throw new IllegalArgumentException("top_db must be > 0 or NaN (none), found " + topDb);
        }
        this.amin = amin;
        this.topDb = topDb;
    }

    public boolean clips() {
        return !Double.isNaN(topDb);
    }

    /** One value, without top_db clipping (which needs the whole array). */
    public float toDb(float x) {
        return (float) (10.0 * Math.log10(Math.max(x, amin)));
    }

    /** In place over {@code x[off .. off+len)}, with top_db clipping over that range. */
    public void apply(float[] x, int off, int len) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = off; i < off + len; i++) {
            x[i] = toDb(x[i]);
            max = Math.max(max, x[i]);
        }
        if (clips() && len > 0) {
            float floor = (float) (max - topDb);
            for (int i = off; i < off + len; i++) {
                if (x[i] < floor) {
                    x[i] = floor;
                }
            }
        }
    }
}
