package dev.convstream.kernel;

/**
 * Direct single-channel 2D cross-correlation over an already padded plane: the kernel of
 * depthwise convolution, where im2col + GEMM would do one tiny matrix product per channel.
 * Padding modes are applied by the caller when it builds the padded plane.
 *
 * <p>{@code out[oy][ox] = bias + sum_{ky,kx} k[ky][kx] * in[oy*sh + ky*dh][ox*sw + kx*dw]}, with
 * all planes row-major. 1D is the case {@code inH = kh = outH = 1}. Does not allocate.
 */
public interface Depthwise {

    void correlate(float[] in, int inOff, int inH, int inW,
                   float[] kernel, int kOff, int kh, int kw,
                   int sh, int sw, int dh, int dw,
                   float[] out, int outOff, int outH, int outW, float bias);
}
