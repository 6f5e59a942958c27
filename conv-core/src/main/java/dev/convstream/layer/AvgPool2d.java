package dev.convstream.layer;

import java.util.Objects;

/**
 * PyTorch's {@code AvgPool2d}: {@code [N][C][H][W] -> [N][C][H'][W']}, each axis sized by
 * {@link PoolWindow#outputSize}; divisor rules in {@link AvgPooling}. No dilation, no
 * {@code divisor_override}.
 */
public final class AvgPool2d extends PoolLayer {
    public AvgPool2d(PoolWindow height, PoolWindow width, boolean ceilMode, boolean countIncludePad) {
        super("AvgPool2d", false, undilated(Objects.requireNonNull(height, "height window"), "height window"),
                undilated(width, "width window"), ceilMode, countIncludePad);
    }

    /** The same window on both axes. */
    public AvgPool2d(PoolWindow both, boolean ceilMode, boolean countIncludePad) {
        this(both, both, ceilMode, countIncludePad);
    }

    /** {@code AvgPool2d(kernel)}: square, stride = kernel, no padding, {@code count_include_pad=True}. */
    public AvgPool2d(int kernel) {
        this(PoolWindow.of(kernel), false, true);
    }

    static PoolWindow undilated(PoolWindow w, String what) {
        Objects.requireNonNull(w, what);
        if (w.dilation() != 1) {
            throw new IllegalArgumentException("average pooling has no dilation, found dilation "
                    + w.dilation() + " in the " + what);
        }
        return w;
    }

    public PoolWindow heightWindow() {
        return height;
    }

    public boolean countIncludePad() {
        return countIncludePad;
    }

    public PoolWindow widthWindow() {
        return width;
    }
}
