package dev.convstream.model;

/** Reads consecutive slices of a flat weight list, in the order a model was exported. */
final class WeightReader {
    private final float[] weights;
    private int pos;

    WeightReader(float[] weights) {
        this.weights = weights;
    }

    float[] next(int n) {
        if (pos + n > weights.length) {
            throw new IllegalArgumentException("weights end after " + weights.length + " values, but "
                    + (pos + n) + " are needed so far");
        }
        float[] slice = new float[n];
        System.arraycopy(weights, pos, slice, 0, n);
        pos += n;
        return slice;
    }

    float nextFloat() {
        return next(1)[0];
    }

    void requireEnd() {
        if (pos != weights.length) {
            throw new IllegalArgumentException("weights have " + weights.length + " values but the model uses "
                    + pos);
        }
    }
}
