package dev.convstream.layer;

import java.util.Objects;

/**
 * PyTorch's {@code MaxPool2d} (without {@code return_indices}):
 * {@code [N][C][H][W] -> [N][C][H'][W']}, each axis sized by {@link PoolWindow#outputSize}.
 * Padding counts as -infinity; NaN propagates.
 */
public final class MaxPool2d extends PoolLayer {

    public MaxPool2d(PoolWindow height, PoolWindow width, boolean ceilMode) {
        super("MaxPool2d", true, Objects.requireNonNull(height, "height window"), width, ceilMode, false);
    }

    /** The same window on both axes. */
    public MaxPool2d(PoolWindow both, boolean ceilMode) {
        this(both, both, ceilMode);
    }

    /** {@code MaxPool2d(kernel)}: square, stride = kernel, no padding. */
    public MaxPool2d(int kernel) {
        this(PoolWindow.of(kernel), false);
    }

    public PoolWindow heightWindow() {
        return height;
    }

    public PoolWindow widthWindow() {
        return width;
    }
}
