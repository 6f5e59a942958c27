package dev.convstream.layer;

/**
 * PyTorch's {@code MaxPool1d} (without {@code return_indices}): {@code [N][C][L] -> [N][C][L']},
 * with {@code L'} from {@link PoolWindow#outputSize}. Padding counts as -infinity; NaN propagates.
 */
public final class MaxPool1d extends PoolLayer {

    public MaxPool1d(PoolWindow window, boolean ceilMode) {
        super(null, window, ceilMode);
    }

    /** {@code MaxPool1d(kernel)}: stride = kernel, no padding. */
    public MaxPool1d(int kernel) {
        this(PoolWindow.of(kernel), false);
    }

    public PoolWindow window() {
        return width;
    }

    @Override
    String name() {
        return "MaxPool1d";
    }

    @Override
    String options() {
        return "";
    }

    @Override
    void pool(float[] in, int inOff, float[] out, int outOff, int planes, int inH, int inW, int outH, int outW,
              PoolWindow h, PoolWindow w) {
        MaxPooling.pool(in, inOff, out, outOff, planes, inH, inW, outH, outW, h, w);
    }
}
