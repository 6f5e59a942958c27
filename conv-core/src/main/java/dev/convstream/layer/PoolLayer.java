package dev.convstream.layer;

import dev.convstream.report.ReceptiveField;
import dev.convstream.tensor.Tensor;

import java.util.Objects;

/**
 * What the four windowed pooling layers share: shapes, validation, costs and receptive field.
 * 1D layers work on {@code [N][C][L]} as a height-1 2D pooling, as PyTorch's do.
 * Pooling has no parameters and counts 0 MACs (comparisons and additions are not
 * multiply-accumulates); its receptive field is the window span with the stride as jump.
 */
abstract class PoolLayer implements Layer {
    private static final PoolWindow NONE = PoolWindow.of(1);

    /** Null for 1D layers. */
    final PoolWindow height;
    final PoolWindow width;
    final boolean ceilMode;

    PoolLayer(PoolWindow height, PoolWindow width, boolean ceilMode) {
        this.height = height;
        this.width = Objects.requireNonNull(width, "window");
        this.ceilMode = ceilMode;
    }

    abstract String name();

    /** Extra describe() entries after the window, e.g. {@code ", count_include_pad=False"}. */
    abstract String options();

    /** Pools {@code planes} planes of {@code inH x inW} into {@code outH x outW}. */
    abstract void pool(float[] in, float[] out, int planes, int inH, int inW, int outH, int outW,
                       PoolWindow h, PoolWindow w);

    private boolean twoD() {
        return height != null;
    }

    public boolean ceilMode() {
        return ceilMode;
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder(name()).append("(k=");
        if (twoD()) {
            sb.append(height.kernel()).append('x').append(width.kernel())
                    .append(", s=").append(height.stride()).append('x').append(width.stride())
                    .append(", p=").append(height.padding()).append('x').append(width.padding());
            if (height.dilation() != 1 || width.dilation() != 1) {
                sb.append(", d=").append(height.dilation()).append('x').append(width.dilation());
            }
        } else {
            sb.append(width.kernel()).append(", s=").append(width.stride()).append(", p=").append(width.padding());
            if (width.dilation() != 1) {
                sb.append(", d=").append(width.dilation());
            }
        }
        if (ceilMode) {
            sb.append(", ceil_mode=True");
        }
        return sb.append(options()).append(')').toString();
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (twoD()) {
            LayerChecks.rank(name(), inputShape, 4);
            return new int[] {inputShape[0], inputShape[1],
                    height.outputSize(name() + " height", inputShape[2], ceilMode),
                    width.outputSize(name() + " width", inputShape[3], ceilMode)};
        }
        LayerChecks.rank(name(), inputShape, 3);
        return new int[] {inputShape[0], inputShape[1], width.outputSize(name() + " length", inputShape[2], ceilMode)};
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] in = input.shape();
        int[] outShape = outputShape(in);
        Tensor out = Tensor.zeros(outShape);
        int planes = in[0] * in[1];
        if (twoD()) {
            pool(input.data(), out.data(), planes, in[2], in[3], outShape[2], outShape[3], height, width);
        } else {
            pool(input.data(), out.data(), planes, 1, in[2], 1, outShape[2], NONE, width);
        }
        return out;
    }

    @Override
    public long parameterCount() {
        return 0;
    }

    @Override
    public long macs(int[] inputShape) {
        outputShape(inputShape);
        return 0;
    }

    @Override
    public ReceptiveField receptiveField() {
        return twoD() ? ReceptiveField.of2d(height.span(), width.span(), height.stride(), width.stride())
                : ReceptiveField.of1d(width.span(), width.stride());
    }
}
