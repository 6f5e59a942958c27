package dev.convstream.layer;

/**
 * PyTorch's {@code AvgPool1d}: {@code [N][C][L] -> [N][C][L']}, with {@code L'} from
 * {@link PoolWindow#outputSize}; divisor rules in {@link AvgPooling}. No dilation, no
 * {@code divisor_override}.
 */
public final class AvgPool1d extends PoolLayer {
    public AvgPool1d(PoolWindow window, boolean ceilMode, boolean countIncludePad) {
        super("AvgPool1d", false, null, AvgPool2d.undilated(window, "window"), ceilMode, countIncludePad);
    }

    /** {@code AvgPool1d(kernel)}: stride = kernel, no padding, {@code count_include_pad=True}. */
    public AvgPool1d(int kernel) {
        this(PoolWindow.of(kernel), false, true);
    }

    public boolean countIncludePad() {
        return countIncludePad;
    }

    public PoolWindow window() {
        return width;
    }
}
