package dev.convstream.model;

import dev.convstream.check.Limits;

/**
 * The model sizes convstream runs ({@link Limits}), checked when a configuration is built, so
 * an oversized or overflowing model is refused with its numbers before any buffer is sized
 * from it.
 */
final class ModelLimits {
    private ModelLimits() {
    }

    /** {@code samples} (computed in long, so a dilation of 2^30 cannot wrap) fits. */
    static void receptiveField(long samples) {
        if (samples > Limits.MAX_RECEPTIVE_FIELD) {
            throw new IllegalArgumentException("receptive field of " + samples + " samples exceeds the limit of "
                    + Limits.MAX_RECEPTIVE_FIELD + " (the dilations are too large)");
        }
    }

    /** A WaveNet of {@code layers} layers and {@code weights} weights is within the cost bound. */
    static void cost(long layers, long weights) {
        if (layers > Limits.MAX_MODEL_LAYERS) {
            throw new IllegalArgumentException(layers + " layers exceed the limit of " + Limits.MAX_MODEL_LAYERS
                    + " per model");
        }
        if (weights > Limits.MAX_MODEL_WEIGHTS) {
            throw new IllegalArgumentException(weights + " weights (about as many multiply-adds per sample) exceed"
                    + " the limit of " + Limits.MAX_MODEL_WEIGHTS + " per model");
        }
    }
}
