package dev.convstream.kernel;

/** Plain-Java {@link Depthwise}: for each output row, one axpy per kernel tap. */
public final class ScalarDepthwise implements Depthwise {

    @Override
    public void correlate(float[] in, int inOff, int inH, int inW, float[] kernel, int kOff, int kh, int kw,
                          int sh, int sw, int dh, int dw, float[] out, int outOff, int outH, int outW,
                          float bias) {
        if ((outH - 1) * sh + (kh - 1) * dh >= inH || (outW - 1) * sw + (kw - 1) * dw >= inW) {
            throw new IllegalArgumentException("depthwise output " + outH + "x" + outW
                    + " reads past the padded input " + inH + "x" + inW);
        }
        for (int oy = 0; oy < outH; oy++) {
            int o = outOff + oy * outW;
            java.util.Arrays.fill(out, o, o + outW, bias);
            for (int ky = 0; ky < kh; ky++) {
                int row = inOff + (oy * sh + ky * dh) * inW;
                for (int kx = 0; kx < kw; kx++) {
                    float w = kernel[kOff + ky * kw + kx];
                    int base = row + kx * dw;
                    for (int ox = 0; ox < outW; ox++) {
                        out[o + ox] += w * in[base + ox * sw];
                    }
                }
            }
        }
    }
}
