package dev.convstream.layer;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.Kernels;
import dev.convstream.report.LayerReport;
import dev.convstream.report.ReceptiveField;
import dev.convstream.tensor.Tensor;

import java.util.Objects;

/**
 * An element-wise activation from the {@link dev.convstream.activation activation library}
 * ({@link ActivationFunction}, which holds the math) over a tensor of any rank >= 2
 * ({@code [N][C]}, {@code [N][C][L]}, {@code [N][C][H][W]}); the output has the input's shape.
 *
 * <p>Costs: no parameters and 0 MACs (activations are not multiply-accumulates; the convention
 * of every layer in this package). Receptive field: each output sees only its own position, on
 * however many spatial axes the input has; {@link #receptiveField()} therefore returns a
 * 0-axis field, which {@link dev.convstream.report.StackReport} composes as the identity, and
 * {@link #report} gives the identity on the input's spatial axes.
 */
public final class Activation implements Layer {
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

    @Override
    public long parameterCount() {
        return 0;
    }

    @Override
    public long macs(int[] inputShape) {
        outputShape(inputShape);
        return 0;
    }

    /** The 0-axis identity: see the class comment. */
    @Override
    public ReceptiveField receptiveField() {
        return ReceptiveField.identity(0);
    }

    @Override
    public LayerReport report(int[] inputShape) {
        return new LayerReport(describe(), inputShape, outputShape(inputShape), 0, 0,
                ReceptiveField.identity(inputShape.length - 2));
    }
}
