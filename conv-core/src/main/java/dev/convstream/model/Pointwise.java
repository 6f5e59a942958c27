package dev.convstream.model;

import dev.convstream.kernel.StreamingConvKernel;

/**
 * A 1x1 convolution {@code y[t] = W x[t] (+ b)} on channel-major planar blocks: the direct conv
 * kernel with {@code k = 1}, no history. Either overwrites its output or adds to it (the
 * residual and mixin sums).
 */
final class Pointwise {
    final int in;
    final int out;
    final float[] weight; // [out][in]
    final float[] bias;   // [out] or null
    private final StreamingConvKernel kernel;

    Pointwise(int in, int out, float[] weight, float[] bias, StreamingConvKernel kernel) {
        this.in = in;
        this.out = out;
        this.weight = weight;
        this.bias = bias;
        this.kernel = kernel;
    }

    /** {@code y (+)= W x + b} over {@code n} frames; rows of x and y are their strides apart, from 0. */
    void apply(float[] x, int xStride, float[] y, int yStride, int n, boolean accumulate) {
        kernel.correlate(out, in, 1, 1, weight, 0, bias, 0, x, 0, xStride, y, 0, yStride, n, accumulate);
    }
}
