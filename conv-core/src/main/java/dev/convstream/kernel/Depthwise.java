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

    /**
     * Whether this family has a kernel that reads a zero-padded plane in place
     * ({@link #correlateZeroPadded}) for this shape, the faster choice when it does. Asked once
     * per shape by the layer, which otherwise pads a plane itself and calls {@link #correlate}.
     */
    default boolean readsUnpadded(int kh, int kw, int sh, int sw, int outW) {
        return false;
    }

    /**
     * {@link #correlate} over the {@code h x w} plane at {@code in[inOff]} surrounded by zeros,
     * {@code top} rows above and {@code left} columns to the left (and as far as the output
     * reaches below and to the right), read straight from the unpadded plane. Only for shapes
     * where {@link #readsUnpadded} holds.
     *
     * @param scratch at least as many floats as the padded plane the output reads,
     *     {@code ((outH-1)*sh + (kh-1)*dh + 1) * ((outW-1)*sw + (kw-1)*dw + 1)}; overwritten
     * @throws UnsupportedOperationException for a shape where {@link #readsUnpadded} is false
     */
    default void correlateZeroPadded(float[] in, int inOff, int h, int w, int top, int left,
                                     float[] kernel, int kOff, int kh, int kw,
                                     int sh, int sw, int dh, int dw,
                                     float[] out, int outOff, int outH, int outW, float bias,
                                     float[] scratch) {
        throw new UnsupportedOperationException("no in-place zero-padded kernel for " + kh + "x" + kw
                + " stride " + sh + "x" + sw + " and " + outW + " outputs per row");
    }
}
