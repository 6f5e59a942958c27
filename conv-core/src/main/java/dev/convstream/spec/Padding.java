package dev.convstream.spec;

import dev.convstream.check.Require;

/**
 * Padding of one spatial axis: {@code before} values ahead of index 0 and {@code after} past
 * the end. Asymmetric padding is allowed (PyTorch reaches it through {@code F.pad}).
 */
public record Padding(int before, int after) {

    public Padding {
        Require.nonNegative("padding before", before);
        Require.nonNegative("padding after", after);
    }

    public static Padding of(int both) {
        return new Padding(both, both);
    }

    public static Padding valid() {
        return new Padding(0, 0);
    }

    /**
     * PyTorch's {@code padding='same'}: total {@code d(k-1)}, the odd one extra at the end
     * (stride must be 1, which the conv specs check).
     */
    public static Padding same(int kernel, int dilation) {
        int total = dilation * (kernel - 1);
        return new Padding(total / 2, total - total / 2);
    }

    /** All {@code d(k-1)} before: output t sees inputs up to t only. */
    public static Padding causal(int kernel, int dilation) {
        return new Padding(dilation * (kernel - 1), 0);
    }

    public int total() {
        return before + after;
    }
}
