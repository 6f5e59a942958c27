package dev.convstream.model;

import dev.convstream.kernel.Gemm;

/**
 * A 1x1 convolution {@code y[t] = W x[t] (+ b)} on channel-major planar blocks: one GEMM, no
 * history. Either overwrites its output or adds to it (the residual and mixin sums).
 */
final class Pointwise {
    final int in;
    final int out;
    final float[] weight; // [out][in]
    final float[] bias;   // [out] or null
    private final Gemm gemm;

    Pointwise(int in, int out, float[] weight, float[] bias, Gemm gemm) {
        this.in = in;
        this.out = out;
        this.weight = weight;
        this.bias = bias;
        this.gemm = gemm;
    }

    /** {@code y (+)= W x + b} over {@code n} frames; rows of x and y are {@code stride} apart. */
    void apply(float[] x, int xOff, int xStride, float[] y, int yOff, int yStride, int n, boolean accumulate,
               Gemm.Workspace ws) {
        gemm.multiply(out, n, in, weight, 0, in, x, xOff, xStride, y, yOff, yStride, accumulate, ws);
        if (bias != null) {
            for (int o = 0; o < out; o++) {
                float b = bias[o];
                int row = yOff + o * yStride;
                for (int j = 0; j < n; j++) {
                    y[row + j] += b;
                }
            }
        }
    }
}
