package dev.convstream.kernel;

/**
 * Element-wise transcendental functions over array ranges, in place: the activations of
 * WaveNet layers are a large share of their cost, so they get a vectorised path too.
 * Accuracy contract: within a few ulp of {@link Math#tanh} / {@code 1/(1+exp(-x))}.
 */
public interface VectorMath {

    void tanh(float[] x, int off, int len);

    void sigmoid(float[] x, int off, int len);
}
