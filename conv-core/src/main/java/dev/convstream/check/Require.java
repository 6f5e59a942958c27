package dev.convstream.check;

/**
 * The argument checks of every convstream package, so the same mistake reads the same
 * everywhere: {@code NAME must be >= 1, found X}, {@code NAME must be in [LO, HI], found X},
 * {@code NAME must be > 0, found X}, {@code NAME must not be null},
 * {@code NAME must be finite, found X}.
 *
 * <p>Checks run on hot paths too: no varargs, no boxing, and the message is built only when
 * the check fails. Shape checks that belong to one kind of operation (GEMM bounds, tensor
 * ranks) stay beside it, worded the same way.
 */
public final class Require {
    private Require() {
    }

    /** {@code value >= 1}: sizes, counts, strides, dilations. Returns {@code value}. */
    public static int atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, found " + value);
        }
        return value;
    }

    /** {@code value >= 0}: offsets, paddings, optional counts. Returns {@code value}. */
    public static int nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, found " + value);
        }
        return value;
    }

    /** {@code lo <= value <= hi}. Returns {@code value}. */
    public static int inRange(String name, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], found " + value);
        }
        return value;
    }

    /**
     * A block of {@code frames} in {@code [min, maxBlockSize]}, {@code maxBlockSize} being what
     * {@code prepare} was given. Returns {@code frames}.
     */
    public static int frames(int frames, int min, int maxBlockSize) {
        if (frames < min || frames > maxBlockSize) {
            throw new IllegalArgumentException("frames must be in [" + min + ", maxBlockSize=" + maxBlockSize
                    + "], found " + frames);
        }
        return frames;
    }

    /** {@code value > 0} (NaN fails): rates, floors of logarithms. Returns {@code value}. */
    public static double positive(String name, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(name + " must be > 0, found " + value);
        }
        return value;
    }

    /** Not NaN nor infinite. Returns {@code value}. */
    public static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, found " + value);
        }
        return value;
    }

    /** Returns {@code value}, or fails naming it when null. */
    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
