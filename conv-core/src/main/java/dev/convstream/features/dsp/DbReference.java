package dev.convstream.features.dsp;

import dev.convstream.check.Require;

/**
 * librosa's {@code ref} of {@code power_to_db}/{@code amplitude_to_db}: the value that maps to
 * 0 dB, either fixed ({@code ref=1.0}, the default) or the maximum of the array converted
 * ({@code ref=np.max}, as most notebooks use). torchaudio's {@code AmplitudeToDB} has only a
 * fixed reference ({@code ref_value = ref}).
 *
 * @param max   true for {@code ref=np.max}
 * @param value the fixed reference, > 0 (ignored when {@code max})
 */
public record DbReference(boolean max, double value) {

    /** {@code ref=1.0}, librosa's default. */
    public static final DbReference ONE = new DbReference(false, 1.0);
    /** {@code ref=np.max}. */
    public static final DbReference MAX = new DbReference(true, 1.0);

    public DbReference {
        if (!max) {
            Require.positive("ref", value);
            Require.finite("ref", value);
        }
    }

    /** A fixed reference. */
    public static DbReference of(double value) {
        return new DbReference(false, value);
    }

    /** {@code max} or a positive number. */
    public static DbReference parse(String text) {
        if ("max".equalsIgnoreCase(text)) {
            return MAX;
        }
        try {
            return of(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ref must be 'max' or a positive number, found '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return max ? "max" : Double.toString(value);
    }
}
