package dev.convstream.layer;

import dev.convstream.check.Require;
import dev.convstream.kernel.Kernels;
import dev.convstream.report.ReceptiveField;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.Padding;
import dev.convstream.tensor.Tensor;

/**
 * PyTorch's {@code Conv1d}: input {@code [N][Cin][L]}, weight {@code [Cout][Cin/groups][k]},
 * bias {@code [Cout]} or none. Computed as a {@link Conv2d} of height 1 (kernel, stride and
 * dilation 1 and no padding on the height axis), so 1D gets the same im2col, pointwise and
 * depthwise paths; input and output are reshaped views, never copies.
 */
public final class Conv1d implements Layer {
    private final Conv1dSpec spec;
    private final Conv2d plane;

    /**
     * @param weight {@code [Cout][Cin/groups][k]}
     * @param bias {@code [Cout]}, or null exactly when {@code !spec.bias()}
     * @throws IllegalArgumentException naming the tensor at fault, with expected and found shapes
     */
    public Conv1d(Conv1dSpec spec, Tensor weight, Tensor bias, Kernels kernels) {
        this(spec, weight, bias, kernels, null);
    }

    /** As above, on {@link Kernels#preferred()}. */
    public Conv1d(Conv1dSpec spec, Tensor weight, Tensor bias) {
        this(spec, weight, bias, Kernels.preferred());
    }

    Conv1d(Conv1dSpec spec, Tensor weight, Tensor bias, Kernels kernels, Conv2d.Path forced) {
        this(spec, weight, bias, kernels, forced, ColumnTiles.DEFAULT_BUDGET);
    }

    Conv1d(Conv1dSpec spec, Tensor weight, Tensor bias, Kernels kernels, Conv2d.Path forced, int columnBudget) {
        this.spec = Require.notNull("spec", spec);
        Require.notNull("weight", weight).requireShape("weight", spec.weightShape());
        Conv2dSpec flat = new Conv2dSpec(spec.inChannels(), spec.outChannels(), 1, spec.kernel(), 1,
                spec.stride(), Padding.valid(), spec.padding(), spec.paddingMode(), 1, spec.dilation(),
                spec.groups(), spec.bias());
        this.plane = new Conv2d(flat, weight.reshape(flat.weightShape()), bias, kernels, forced, columnBudget);
    }

    public Conv1dSpec spec() {
        return spec;
    }

    /** A copy of the weight, {@code [Cout][Cin/groups][k]}. */
    public Tensor weight() {
        return plane.weight().reshape(spec.weightShape());
    }

    /** A copy of the bias {@code [Cout]}, or null when the layer has none. */
    public Tensor bias() {
        return plane.bias();
    }

    public Kernels kernels() {
        return plane.kernels();
    }

    Conv2d.Path path() {
        return plane.path();
    }

    @Override
    public String describe() {
        return "Conv1d(" + spec.inChannels() + "->" + spec.outChannels() + ", k=" + spec.kernel()
                + ", s=" + spec.stride() + ", p=" + ConvArguments.padding(spec.padding())
                + ", d=" + spec.dilation() + ", g=" + spec.groups() + ", " + spec.paddingMode().torchName()
                + (spec.bias() ? ", bias" : ", no bias") + ")";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return spec.outputShape(inputShape);
    }

    @Override
    public long parameterCount() {
        return spec.parameterCount();
    }

    /** {@code N * Cout * L' * (Cin/groups) * k}; bias additions are not counted. */
    @Override
    public long macs(int[] inputShape) {
        int[] out = outputShape(inputShape);
        return (long) out[0] * out[1] * out[2] * (spec.inChannels() / spec.groups()) * spec.kernel();
    }

    /** Span {@code d(k-1)+1}, jump = stride. */
    @Override
    public ReceptiveField receptiveField() {
        return ReceptiveField.of1d(spec.span(), spec.stride());
    }

    /**
     * {@link #forward(Tensor)} into a caller-owned output {@code [N][Cout][L']}, overwritten;
     * allocates no arrays when reused with the same input shape (see {@link Conv2d}).
     */
    public void forward(Tensor input, Tensor output) {
        int length = ConvArguments.checkForward(spec, input, output);
        plane.compute(input.data(), input.dim(0), 1, input.dim(2), output.data(), 1, length);
    }

    /** This layer splitting each call over {@code tasks} parts of the output length; see {@link Conv2d#withParallelism(int)}. */
    public Conv1d withParallelism(int tasks) {
        return new Conv1d(spec, plane.withParallelism(tasks));
    }

    /** As {@link #withParallelism(int)}, the extra parts run on {@code executor}. */
    public Conv1d withParallelism(int tasks, java.util.concurrent.Executor executor) {
        return new Conv1d(spec, plane.withParallelism(tasks, executor));
    }

    /** This layer with {@code parallelism} as it is (tests split small calls with {@link ConvParallelism#always}). */
    Conv1d withParallelism(ConvParallelism parallelism) {
        return new Conv1d(spec, plane.withParallelism(parallelism));
    }

    private Conv1d(Conv1dSpec spec, Conv2d plane) {
        this.spec = spec;
        this.plane = plane;
    }

    @Override
    public Tensor forward(Tensor input) {
        return ConvArguments.forwardOnPlane(spec, plane, input);
    }
}
