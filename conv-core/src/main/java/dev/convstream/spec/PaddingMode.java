package dev.convstream.spec;

import java.util.Locale;

/**
 * How a convolution reads outside its input, as PyTorch's {@code padding_mode} and
 * {@code F.pad} define it.
 */
public enum PaddingMode {
    /** Outside values are 0. */
    ZEROS,
    /** Mirror without repeating the edge: {@code [a b c] -> b | a b c | b}. Needs pad < size. */
    REFLECT,
    /** Repeat the edge value: {@code [a b c] -> a | a b c | c}. */
    REPLICATE,
    /** Wrap around: {@code [a b c] -> c | a b c | a}. Needs pad <= size. */
    CIRCULAR;

    /**
     * Where a padded coordinate reads from: the index in {@code [0, size)} for coordinate
     * {@code i} (which may lie outside it), or -1 when the value is a zero.
     */
    public int sourceIndex(int i, int size) {
        if (i >= 0 && i < size) {
            return i;
        }
        switch (this) {
            case ZEROS:
                return -1;
            case REPLICATE:
                return i < 0 ? 0 : size - 1;
            case CIRCULAR:
                return Math.floorMod(i, size);
            case REFLECT:
                if (size == 1) {
                    return 0;
                }
                int period = 2 * (size - 1);
                int r = Math.floorMod(i, period);
                return r < size ? r : period - r;
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Checks that this mode can pad an axis of {@code size} by {@code before}/{@code after},
     * with PyTorch's limits; {@code axis} names the axis in the message.
     */
    public void checkApplicable(String axis, int size, int before, int after) {
        int pad = Math.max(before, after);
        if (this == REFLECT && pad >= size && pad > 0) {
            throw new IllegalArgumentException("reflect padding " + pad + " on " + axis
                    + " needs an input larger than the padding, found size " + size);
        }
        if (this == CIRCULAR && pad > size) {
            throw new IllegalArgumentException("circular padding " + pad + " on " + axis
                    + " needs an input at least as large as the padding, found size " + size);
        }
        if (this == REPLICATE && pad > 0 && size == 0) {
            throw new IllegalArgumentException("replicate padding on " + axis + " of size 0");
        }
    }

    /** Parses {@code zeros|reflect|replicate|circular} (PyTorch's names), case-insensitive. */
    public static PaddingMode parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown padding_mode '" + name
                    + "', expected zeros, reflect, replicate or circular", e);
        }
    }

    /** PyTorch's spelling, e.g. {@code "zeros"}. */
    public String torchName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
