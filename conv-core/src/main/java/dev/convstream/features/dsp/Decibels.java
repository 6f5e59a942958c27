package dev.convstream.features.dsp;

import dev.convstream.check.Require;

/**
 * librosa's {@code power_to_db} ({@link Scale#POWER}: {@code 10 log10}) and
 * {@code amplitude_to_db} ({@link Scale#AMPLITUDE}: {@code 20 log10}):
 * <pre>
 * db = k log10(max(amin, x)) - k log10(max(amin, ref))      k = 10 or 20
 * top_db: db = max(db, db.max() - top_db)                  (max over the whole array given)
 * </pre>
 * with {@code ref} fixed or the array's maximum ({@link DbReference}). amplitude_to_db is
 * power_to_db of the squares with {@code ref^2} and {@code amin^2}, which is the line above
 * with k = 20. Computed in double, stored as float.
 */
public final class Decibels {

    /** Which log: of a power ({@code 10 log10}) or of an amplitude ({@code 20 log10}). */
    public enum Scale {
        POWER(10, 1e-10), AMPLITUDE(20, 1e-5);

        private final double factor;
        private final double defaultAmin;

        Scale(double factor, double defaultAmin) {
            this.factor = factor;
            this.defaultAmin = defaultAmin;
        }

        /** The scale of a spectrogram of {@code |X|^power}: AMPLITUDE for power 1, POWER for power 2. */
        public static Scale forPower(int power) {
            return power == 1 ? AMPLITUDE : POWER;
        }

        /** librosa's default amin of power_to_db (1e-10) or amplitude_to_db (1e-5). */
        public double defaultAmin() {
            return defaultAmin;
        }
    }

    private final Scale scale;
    private final double amin;
    private final DbReference ref;
    private final double topDb;

    /**
     * @param amin  floor before the log, > 0, or NaN for librosa's default of the scale
     * @param ref   what maps to 0 dB
     * @param topDb dynamic range kept below the maximum, > 0, or NaN for none (librosa: 80)
     */
    public Decibels(Scale scale, double amin, DbReference ref, double topDb) {
        Require.notNull("scale", scale);
        Require.notNull("ref", ref);
        this.scale = scale;
        this.amin = Double.isNaN(amin) ? scale.defaultAmin : Require.positive("amin", amin);
        this.ref = ref;
        this.topDb = checkTopDb(topDb);
    }

    /** {@code topDb} if it is > 0 or NaN (none). */
    public static double checkTopDb(double topDb) {
        if (!Double.isNaN(topDb) && !(topDb > 0)) {
            throw new IllegalArgumentException("top_db must be > 0 or NaN (none), found " + topDb);
        }
        return topDb;
    }

    public boolean clips() {
        return !Double.isNaN(topDb);
    }

    /** The floor in use (the scale's default when none was given). */
    public double amin() {
        return amin;
    }

    /**
     * One value against a fixed reference, without top_db clipping (which needs the whole
     * array); does not allocate.
     *
     * @throws IllegalStateException with {@code ref=max}, which needs the whole array
     */
    public float toDb(float x) {
        if (ref.max()) {
            throw new IllegalStateException("ref=max needs the whole array: use apply");
        }
        return (float) (level(x) - level(ref.value()));
    }

    private double level(double x) {
        return scale.factor * Math.log10(Math.max(x, amin));
    }

    /** In place over {@code x[off .. off+len)}, with the reference and top_db clipping over that range. */
    public void apply(float[] x, int off, int len) {
        double reference = ref.value();
        if (ref.max()) {
            reference = Double.NEGATIVE_INFINITY;
            for (int i = off; i < off + len; i++) {
                reference = Math.max(reference, x[i]);
            }
        }
        double offset = level(reference);
        float max = Float.NEGATIVE_INFINITY;
        for (int i = off; i < off + len; i++) {
            x[i] = (float) (level(x[i]) - offset);
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
