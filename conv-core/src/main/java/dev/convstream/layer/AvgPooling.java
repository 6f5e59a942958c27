package dev.convstream.layer;

/**
 * Average pooling over planes, PyTorch's CPU algorithm ({@code cpu_avg_pool}): the window of
 * output {@code o} is {@code [o*s - p, o*s - p + k)} clipped to {@code [-p, n + p)}; that
 * clipped window's size is the divisor with {@code count_include_pad}, else the number of real
 * input samples in it. So a ceil-mode window hanging past the right padding never counts the
 * overhang, even with {@code count_include_pad}. Sums run in double.
 */
final class AvgPooling {
    private AvgPooling() {
    }

    static void pool(float[] in, int inOff, float[] out, int outOff, int planes, int inH, int inW, int outH, int outW,
                     PoolWindow h, PoolWindow w, boolean countIncludePad) {
        for (int p = 0; p < planes; p++) {
            int inBase = inOff + p * inH * inW;
            int o = outOff + p * outH * outW;
            for (int oh = 0; oh < outH; oh++) {
                int h0 = oh * h.stride() - h.padding();
                int h1 = Math.min(h0 + h.kernel(), inH + h.padding());
                int padH = h1 - h0;
                h0 = Math.max(h0, 0);
                h1 = Math.min(h1, inH);
                for (int ow = 0; ow < outW; ow++) {
                    int w0 = ow * w.stride() - w.padding();
                    int w1 = Math.min(w0 + w.kernel(), inW + w.padding());
                    int padW = w1 - w0;
                    w0 = Math.max(w0, 0);
                    w1 = Math.min(w1, inW);
                    if (h0 >= h1 || w0 >= w1) {
                        out[o++] = 0f; // no real sample in the window: PyTorch leaves 0
                        continue;
                    }
                    double sum = 0;
                    for (int ih = h0; ih < h1; ih++) {
                        int row = inBase + ih * inW;
                        for (int iw = w0; iw < w1; iw++) {
                            sum += in[row + iw];
                        }
                    }
                    int divisor = countIncludePad ? padH * padW : (h1 - h0) * (w1 - w0);
                    out[o++] = (float) (sum / divisor);
                }
            }
        }
    }
}
