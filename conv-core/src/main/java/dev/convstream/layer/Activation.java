package dev.convstream.layer;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.Kernels;
import dev.convstream.tensor.Tensor;

import java.util.Objects;

/**
 * An element-wise activation over a tensor of any rank >= 2 ({@code [N][C]}, {@code [N][C][L]},
 * {@code [N][C][H][W]}); the output has the input's shape. The math is the activation
 * library's ({@link ActivationFunction}, package {@code dev.convstream.activation}).
 *
 * <p>Costs: no parameters and 0 MACs (activations are not multiply-accumulates; the convention
 * of every layer in this package). Receptive field: each output sees only its own position, on
 * however many spatial axes the input has; {@link #receptiveField()} therefore returns a
 * 0-axis field, which {@link dev.convstream.report.StackReport} composes as the identity, and
 * {@link #report} gives the identity on the input's spatial axes.
 */
public final class Activation extends ElementwiseLayer {
    private final ActivationFunction function;
    private final Kernels kernels;

    public Activation(ActivationFunction function, Kernels kernels) {
        this.function = Objects.requireNonNull(function, "function");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
    }

    /** Uses {@link Kernels#preferred()} for tanh and sigmoid. */
    public Activation(ActivationFunction function) {
        this(function, Kernels.preferred());
    }

    public ActivationFunction function() {
        return function;
    }

    @Override
    public String describe() {
        return function.describe();
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        LayerChecks.atLeastRank(describe(), inputShape, 2);
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        outputShape(input.shape());
        Tensor out = input.copy();
        function.apply(out.data(), 0, out.size(), kernels.math());
        return out;
    }
}
