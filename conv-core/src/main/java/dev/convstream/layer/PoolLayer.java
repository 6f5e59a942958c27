package dev.convstream.layer;

import dev.convstream.report.ReceptiveField;
import dev.convstream.tensor.Tensor;

import java.util.Objects;

/**
 * What the four windowed pooling layers share: shapes, validation, costs and receptive field.
 * 1D layers work on {@code [N][C][L]} as a height-1 2D pooling, as PyTorch's do.
 * Pooling has no parameters and counts 0 MACs (comparisons and additions are not
 * multiply-accumulates); its receptive field is the window span with the stride as jump.
 *
 * <p>{@link #poolPlanes} is the one pooling loop of convstream: {@link #forward} runs it over a
 * tensor, the streaming CNN over each frame (a height-1 plane per channel), without allocating.
 */
public abstract sealed class PoolLayer extends ParameterFreeLayer
        permits MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d {
    private static final PoolWindow NONE = PoolWindow.of(1);

    private final String name;
    private final boolean max;
    /** Null for 1D layers. */
    final PoolWindow height;
    final PoolWindow width;
    final boolean ceilMode;
    /** Average pooling's divisor rule (see {@link AvgPooling}); unused by max pooling. */
    final boolean countIncludePad;
    // Axis names for size errors, built once: poolPlanes runs on the audio thread.
    private final String heightAxis;
    private final String widthAxis;

    PoolLayer(String name, boolean max, PoolWindow height, PoolWindow width, boolean ceilMode, boolean countIncludePad) {
        this.name = name;
        this.max = max;
        this.height = height;
        this.width = Objects.requireNonNull(width, "window");
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.heightAxis = name + " height";
        this.widthAxis = name + (height == null ? " length" : " width");
    }

    String name() {
        return name;
    }

    /** Extra describe() entries after the window: {@code ", count_include_pad=False"} when it applies. */
    private String options() {
        return max || countIncludePad ? "" : ", count_include_pad=False";
    }

    /** Pools {@code planes} planes of {@code inH x inW} into {@code outH x outW}. */
    private void pool(float[] in, int inOff, float[] out, int outOff, int planes, int inH, int inW, int outH, int outW,
                      PoolWindow h, PoolWindow w) {
        if (max) {
            MaxPooling.pool(in, inOff, out, outOff, planes, inH, inW, outH, outW, h, w);
        } else {
            AvgPooling.pool(in, inOff, out, outOff, planes, inH, inW, outH, outW, h, w, countIncludePad);
        }
    }

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
                    height.outputSize(heightAxis, inputShape[2], ceilMode),
                    width.outputSize(widthAxis, inputShape[3], ceilMode)};
        }
        LayerChecks.rank(name(), inputShape, 3);
        return new int[] {inputShape[0], inputShape[1], width.outputSize(widthAxis, inputShape[2], ceilMode)};
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] in = input.shape();
        Tensor out = Tensor.zeros(outputShape(in));
        int planes = in[0] * in[1];
        poolPlanes(input.data(), 0, out.data(), 0, planes, twoD() ? in[2] : 1, in[in.length - 1]);
        return out;
    }

    /**
     * Pools {@code planes} planes of {@code inH x inW} from {@code in[inOff..]} into {@code out[outOff..]}, plane
     * after plane, each {@code H' x W'} as {@link #outputShape} sizes them; a 1D layer takes
     * {@code inH = 1}. Does not allocate (unless it throws).
     *
     * @throws IllegalArgumentException if the windows leave no output, or a 1D layer gets
     *     {@code inH != 1}
     */
    public void poolPlanes(float[] in, int inOff, float[] out, int outOff, int planes, int inH, int inW) {
        if (twoD()) {
            pool(in, inOff, out, outOff, planes, inH, inW, height.outputSize(heightAxis, inH, ceilMode),
                    width.outputSize(widthAxis, inW, ceilMode), height, width);
            return;
        }
        if (inH != 1) {
            throw new IllegalArgumentException(name() + " pools planes of height 1, found " + inH);
        }
        pool(in, inOff, out, outOff, planes, 1, inW, 1, width.outputSize(widthAxis, inW, ceilMode), NONE, width);
    }


    @Override
    public ReceptiveField receptiveField() {
        return twoD() ? ReceptiveField.of2d(height.span(), width.span(), height.stride(), width.stride())
                : ReceptiveField.of1d(width.span(), width.stride());
    }
}
