package dev.convstream.layer;

import dev.convstream.report.LayerReport;
import dev.convstream.report.ReceptiveField;

/**
 * A parameter-free layer whose every output position sees only its own input position
 * (activations, the gate). {@link #receptiveField()} is therefore the 0-axis identity, which
 * {@link dev.convstream.report.StackReport} composes as the identity, and {@link #report} gives
 * the identity on the input's spatial axes.
 */
abstract class ElementwiseLayer extends ParameterFreeLayer {

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
