package dev.convstream.layer;

/**
 * What every layer without parameters reports: 0 parameters and 0 MACs (comparisons,
 * additions and transcendental functions are not multiply-accumulates, the convention of every
 * layer in this package); {@link #macs} still checks the input shape.
 */
abstract class ParameterFreeLayer implements Layer {

    @Override
    public long parameterCount() {
        return 0;
    }

    @Override
    public long macs(int[] inputShape) {
        outputShape(inputShape);
        return 0;
    }
}
