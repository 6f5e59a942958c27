package dev.convstream.layer;

/**
 * Max pooling over planes, PyTorch's CPU algorithm: the window of output {@code o} starts at
 * {@code o*s - p}, taps every {@code d}-th sample, skips taps in the padding (implicit -infinity),
 * and a NaN anywhere in the window makes the result NaN.
 */
final class MaxPooling {
    private MaxPooling() {
    }

    static void pool(float[] in, int inOff, float[] out, int outOff, int planes, int inH, int inW, int outH, int outW,
                     PoolWindow h, PoolWindow w) {
        for (int p = 0; p < planes; p++) {
            int inBase = inOff + p * inH * inW;
            int o = outOff + p * outH * outW;
            for (int oh = 0; oh < outH; oh++) {
                int h0 = oh * h.stride() - h.padding();
                int h1 = Math.min(h0 + h.span(), inH);
                while (h0 < 0) {
                    h0 += h.dilation();
                }
                for (int ow = 0; ow < outW; ow++) {
                    int w0 = ow * w.stride() - w.padding();
                    int w1 = Math.min(w0 + w.span(), inW);
                    while (w0 < 0) {
                        w0 += w.dilation();
                    }
                    float max = Float.NEGATIVE_INFINITY;
                    for (int ih = h0; ih < h1; ih += h.dilation()) {
                        int row = inBase + ih * inW;
                        for (int iw = w0; iw < w1; iw += w.dilation()) {
                            float v = in[row + iw];
                            if (v > max || Float.isNaN(v)) {
                                max = v;
                            }
                        }
                    }
                    out[o++] = max;
                }
            }
        }
    }
}
