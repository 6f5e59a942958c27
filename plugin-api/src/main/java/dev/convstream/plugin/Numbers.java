package dev.convstream.plugin;

/**
 * Numbers as people write them in messages and listings: {@code 48000}, not {@code 48000.0};
 * fractions as Java prints them. [thread-safe]
 */
public final class Numbers {

    private Numbers() {
    }

    /** {@code v} without a trailing {@code .0} when it is a whole number. */
    public static String plain(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15
                ? String.valueOf((long) v) : String.valueOf(v);
    }
}
