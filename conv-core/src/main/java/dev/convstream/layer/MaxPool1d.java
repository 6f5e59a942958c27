package dev.convstream.layer;

/**
 * PyTorch's {@code MaxPool1d} (without {@code return_indices}): {@code [N][C][L] -> [N][C][L']},
 * with {@code L'} from {@link PoolWindow#outputSize}. Padding counts as -infinity; NaN propagates.
 */
public final class MaxPool1d extends PoolLayer {

    public MaxPool1d(PoolWindow window, boolean ceilMode) {
        super("MaxPool1d", true, null, window, ceilMode, false);
    }

    /** {@code MaxPool1d(kernel)}: stride = kernel, no padding. */
    public MaxPool1d(int kernel) {
        this(PoolWindow.of(kernel), false);
    }

    public PoolWindow window() {
        return width;
    }
}
