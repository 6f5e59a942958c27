package dev.convstream.report;

import java.util.Arrays;

/** What one layer costs and produces for one input shape. */
public record LayerReport(String layer, int[] inputShape, int[] outputShape, long parameters,
                          long macs, ReceptiveField receptiveField) {

    public LayerReport {
        inputShape = inputShape.clone();
        outputShape = outputShape.clone();
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return outputShape.clone();
    }

    /** FLOPs counted the usual way, two per multiply-accumulate. */
    public long flops() {
        return 2 * macs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerReport r && layer.equals(r.layer) && Arrays.equals(inputShape, r.inputShape)
                && Arrays.equals(outputShape, r.outputShape) && parameters == r.parameters && macs == r.macs
                && receptiveField.equals(r.receptiveField);
    }

    @Override
    public int hashCode() {
        return layer.hashCode() * 31 + Long.hashCode(macs);
    }

    @Override
    public String toString() {
        return layer + " " + Arrays.toString(inputShape) + " -> " + Arrays.toString(outputShape)
                + ", params " + parameters + ", MACs " + macs + ", " + receptiveField;
    }
}
