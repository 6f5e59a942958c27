package dev.convstream.layer;

import dev.convstream.check.Require;
import dev.convstream.kernel.Kernels;
import dev.convstream.report.ReceptiveField;
import dev.convstream.spec.ConvTranspose1dSpec;
import dev.convstream.spec.ConvTranspose2dSpec;
import dev.convstream.spec.Padding;
import dev.convstream.tensor.Tensor;

/**
 * PyTorch's {@code ConvTranspose1d}: input {@code [N][Cin][L]}, weight
 * {@code [Cin][Cout/groups][k]}, bias {@code [Cout]} or none. Computed as a
 * {@link ConvTranspose2d} of height 1 on reshaped views.
 */
public final class ConvTranspose1d implements Layer {
    private final ConvTranspose1dSpec spec;
    private final ConvTranspose2d plane;

    /**
     * @param weight {@code [Cin][Cout/groups][k]}
     * @param bias {@code [Cout]}, or null exactly when {@code !spec.bias()}
     * @throws IllegalArgumentException naming the tensor at fault, with expected and found shapes
     */
    public ConvTranspose1d(ConvTranspose1dSpec spec, Tensor weight, Tensor bias, Kernels kernels) {
        this(spec, weight, bias, kernels, ColumnTiles.DEFAULT_BUDGET);
    }

    ConvTranspose1d(ConvTranspose1dSpec spec, Tensor weight, Tensor bias, Kernels kernels, int columnBudget) {
        this.spec = Require.notNull("spec", spec);
        Require.notNull("weight", weight).requireShape("weight", spec.weightShape());
        ConvTranspose2dSpec flat = new ConvTranspose2dSpec(spec.inChannels(), spec.outChannels(), 1,
                spec.kernel(), 1, spec.stride(), Padding.valid(), spec.padding(), 0, spec.outputPadding(),
                1, spec.dilation(), spec.groups(), spec.bias());
        this.plane = new ConvTranspose2d(flat, weight.reshape(flat.weightShape()), bias, kernels, columnBudget);
    }

    /** As above, on {@link Kernels#preferred()}. */
    public ConvTranspose1d(ConvTranspose1dSpec spec, Tensor weight, Tensor bias) {
        this(spec, weight, bias, Kernels.preferred());
    }

    public ConvTranspose1dSpec spec() {
        return spec;
    }

    /** A copy of the weight, {@code [Cin][Cout/groups][k]}. */
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

    @Override
    public String describe() {
        return "ConvTranspose1d(" + spec.inChannels() + "->" + spec.outChannels() + ", k=" + spec.kernel()
                + ", s=" + spec.stride() + ", p=" + ConvArguments.padding(spec.padding())
                + ", op=" + spec.outputPadding() + ", d=" + spec.dilation() + ", g=" + spec.groups()
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

    /** {@code N * Cin * L * (Cout/groups) * k}, cropped products included; bias not counted. */
    @Override
    public long macs(int[] inputShape) {
        outputShape(inputShape);
        return (long) inputShape[0] * inputShape[1] * inputShape[2] * (spec.outChannels() / spec.groups())
                * spec.kernel();
    }

    /** Size {@code ceil(span/stride)}, jump 1: see {@link ConvTranspose2d#receptiveField()}. */
    @Override
    public ReceptiveField receptiveField() {
        int span = spec.dilation() * (spec.kernel() - 1) + 1;
        return ReceptiveField.of1d((span + spec.stride() - 1) / spec.stride(), 1);
    }

    @Override
    public Tensor forward(Tensor input) {
        return ConvArguments.forwardOnPlane(spec, plane, input);
    }

    /**
     * {@link #forward(Tensor)} into a caller-owned output {@code [N][Cout][L']}, overwritten;
     * a single-task call with a reused output allocates nothing (see {@link ConvTranspose2d}).
     *
     * @throws IllegalArgumentException if {@code input} or {@code output} has the wrong shape
     */
    public void forward(Tensor input, Tensor output) {
        ConvArguments.checkForward(spec, input, output);
        plane.compute(input.data(), input.dim(0), 1, input.dim(2), output.data());
    }
}
