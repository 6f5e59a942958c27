package dev.convstream.model;

import dev.convstream.kernel.StreamingConvKernel;

/**
 * A 1x1 convolution {@code y[t] = W x[t] (+ b)} on channel-major planar blocks: the direct conv
 * kernel with {@code k = 1}, no history. It overwrites its output, adds to it (the mixin sum), or
 * writes {@code base + W x + b} elsewhere (the residual sum into the next layer's input).
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

    /** {@code y (+)= W x + b} over {@code n} frames. */
    void apply(float[] x, int xOff, int xStride, float[] y, int yOff, int yStride, int n, boolean accumulate) {
        kernel.correlate(out, in, 1, 1, weight, 0, bias, 0, x, xOff, xStride, y, yOff, yStride, n, accumulate);
    }

    /** {@code y = base + W x + b} over {@code n} frames; base must not overlap y. */
    void applyOnto(float[] x, int xOff, int xStride, float[] base, int baseOff, int baseStride,
                   float[] y, int yOff, int yStride, int n) {
        kernel.correlate(out, in, 1, 1, weight, 0, bias, 0, x, xOff, xStride, base, baseOff, baseStride,
                y, yOff, yStride, n);
    }
}
