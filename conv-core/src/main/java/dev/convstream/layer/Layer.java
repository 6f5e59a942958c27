package dev.convstream.layer;

import dev.convstream.report.LayerReport;
import dev.convstream.report.ReceptiveField;
import dev.convstream.tensor.Tensor;

/**
 * An offline inference layer over a whole tensor: {@code [N][C][L]} (1D) or {@code [N][C][H][W]}
 * (2D). Layers are immutable after construction and safe to share between threads.
 * {@link #forward} returns a new output tensor; the convolution layers also offer
 * {@code forward(input, output)} into a caller-owned output which, run as a single task,
 * allocates nothing once warm (their scratch is kept per layer and thread).
 */
public interface Layer {

    /** Short human-readable description, e.g. {@code Conv2d(3->16, k=3x3, s=1, p=1, zeros)}. */
    String describe();

    /** Output shape for {@code inputShape}; throws a message naming the layer and axis on misfit. */
    int[] outputShape(int[] inputShape);

    /** Computes the layer on {@code input}. */
    Tensor forward(Tensor input);

    /** Learned values (weights, biases, batch-norm statistics count as parameters). */
    long parameterCount();

    /** Multiply-accumulates of one {@link #forward} over an input of {@code inputShape}. */
    long macs(int[] inputShape);

    /** How far one output reaches into this layer's input, per spatial axis. */
    ReceptiveField receptiveField();

    /** Everything above for one input shape. */
    default LayerReport report(int[] inputShape) {
        return new LayerReport(describe(), inputShape.clone(), outputShape(inputShape),
                parameterCount(), macs(inputShape), receptiveField());
    }
}
