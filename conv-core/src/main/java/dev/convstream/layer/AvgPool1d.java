package dev.convstream.layer;

/**
 * PyTorch's {@code AvgPool1d}: {@code [N][C][L] -> [N][C][L']}, with {@code L'} from
 * {@link PoolWindow#outputSize}; divisor rules in {@link AvgPooling}. No dilation, no
 * {@code divisor_override}.
 */
public final class AvgPool1d extends PoolLayer {
    private final boolean countIncludePad;

    public AvgPool1d(PoolWindow window, boolean ceilMode, boolean countIncludePad) {
        super(null, AvgPool2d.undilated(window, "window"), ceilMode);
        this.countIncludePad = countIncludePad;
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

    @Override
    String name() {
        return "AvgPool1d";
    }

    @Override
    String options() {
        return countIncludePad ? "" : ", count_include_pad=False";
    }

    @Override
    void pool(float[] in, int inOff, float[] out, int outOff, int planes, int inH, int inW, int outH, int outW,
              PoolWindow h, PoolWindow w) {
        AvgPooling.pool(in, inOff, out, outOff, planes, inH, inW, outH, outW, h, w, countIncludePad);
    }
}
