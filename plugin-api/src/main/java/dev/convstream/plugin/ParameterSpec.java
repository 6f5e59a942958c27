package dev.convstream.plugin;

/**
 * A parameter's identity and range: a stable id (used in chains, state and automation), a
 * display name, a range, a default, a unit and the scale a control should use.
 *
 * <p>Immutable: every method is [thread-safe].
 *
 * @param id           stable identifier, {@code [a-z][a-z0-9_]*}
 * @param name         human-readable name
 * @param min          smallest value
 * @param max          largest value, {@code > min}
 * @param defaultValue value after creation, within {@code [min, max]}
 * @param unit         unit shown to users ("dB", "Hz", "" for none)
 * @param scale        how a normalised control position maps to the value
 */
public record ParameterSpec(String id, String name, double min, double max, double defaultValue,
                            String unit, Scale scale) {

    /** How a control position in {@code [0, 1]} maps to a value. */
    public enum Scale {
        /** Equal steps in value ({@code dB}, mix). */
        LINEAR,
        /** Equal steps in ratio (frequencies, times); requires {@code min > 0}. */
        LOG
    }

    public ParameterSpec {
        if (id == null || !id.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException(
                    "parameter id must match [a-z][a-z0-9_]*, found '" + id + "'");
        }
        if (name == null || unit == null || scale == null) {
            throw new IllegalArgumentException(
                    "parameter '" + id + "': name, unit and scale must not be null");
        }
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException("parameter '" + id
                    + "': need finite min < max, found min=" + min + " max=" + max);
        }
        if (!(defaultValue >= min && defaultValue <= max)) {
            throw new IllegalArgumentException("parameter '" + id + "': default must be in ["
                    + min + ", " + max + "], found " + defaultValue);
        }
        if (scale == Scale.LOG && !(min > 0)) {
            throw new IllegalArgumentException(
                    "parameter '" + id + "': LOG scale needs min > 0, found min=" + min);
        }
    }

    /** A linear parameter. */
    public static ParameterSpec linear(String id, String name, double min, double max,
                                       double defaultValue, String unit) {
        return new ParameterSpec(id, name, min, max, defaultValue, unit, Scale.LINEAR);
    }

    /** A logarithmic parameter ({@code min > 0}). */
    public static ParameterSpec log(String id, String name, double min, double max,
                                    double defaultValue, String unit) {
        return new ParameterSpec(id, name, min, max, defaultValue, unit, Scale.LOG);
    }

    /**
     * Checks that {@code value} is in range and returns it.
     *
     * @throws IllegalArgumentException naming this parameter, the range and the value found
     */
    public double check(double value) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException("parameter '" + id + "' must be in [" + min + ", "
                    + max + "]" + (unit.isEmpty() ? "" : " " + unit) + ", found " + value);
        }
        return value;
    }

    /** Maps a control position in {@code [0, 1]} (clamped) to a value on this scale. */
    public double fromNormalized(double position) {
        double p = Math.max(0, Math.min(1, position));
        double v = scale == Scale.LOG
                ? min * Math.pow(max / min, p)
                : min + (max - min) * p;
        return Math.max(min, Math.min(max, v));
    }

    /** Maps a value (clamped to the range) to its control position in {@code [0, 1]}. */
    public double toNormalized(double value) {
        double v = Math.max(min, Math.min(max, value));
        return scale == Scale.LOG
                ? Math.log(v / min) / Math.log(max / min)
                : (v - min) / (max - min);
    }
}
