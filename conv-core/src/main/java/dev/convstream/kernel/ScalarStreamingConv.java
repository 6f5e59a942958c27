package dev.convstream.kernel;

/**
 * Plain-Java {@link StreamingConvKernel}. Each output sums its start value (0 or base), then the
 * products over channels, then taps, then the bias, in that order: the order of the im2col +
 * {@link ScalarGemm} path, so the two agree bit for bit.
 */
final class ScalarStreamingConv implements StreamingConvKernel {

    @Override
    public void correlate(int cout, int cin, int k, int dilation, float[] w, int wOff, float[] bias, int bOff,
                          float[] x, int xOff, int xStride, float[] base, int baseOff, int baseStride,
                          float[] y, int yOff, int yStride, int n) {
        StreamingConvKernel.check(cout, cin, k, dilation, w, wOff, bias, bOff, x, xOff, xStride,
                base, baseOff, baseStride, y, yOff, yStride, n);
        for (int o = 0; o < cout; o++) {
            int yo = yOff + o * yStride;
            if (base == null) {
                java.util.Arrays.fill(y, yo, yo + n, 0f);
            } else if (!StreamingConvKernel.inPlace(base, baseOff, y, yOff)) {
                System.arraycopy(base, baseOff + o * baseStride, y, yo, n);
            }
            int wo = wOff + o * cin * k;
            for (int c = 0; c < cin; c++) {
                int wc = wo + c * k;
                int xc = xOff + c * xStride - dilation * (k - 1);
                int t = 0;
                // Four taps per pass over the block: a quarter of the loads and stores of y, the
                // same additions in the same order (so the same bits as one tap per pass).
                for (; t + 4 <= k; t += 4) {
                    float w0 = w[wc + t];
                    float w1 = w[wc + t + 1];
                    float w2 = w[wc + t + 2];
                    float w3 = w[wc + t + 3];
                    int x0 = xc + dilation * t;
                    int x1 = x0 + dilation;
                    int x2 = x1 + dilation;
                    int x3 = x2 + dilation;
                    for (int j = 0; j < n; j++) {
                        float acc = y[yo + j];
                        acc += w0 * x[x0 + j];
                        acc += w1 * x[x1 + j];
                        acc += w2 * x[x2 + j];
                        acc += w3 * x[x3 + j];
                        y[yo + j] = acc;
                    }
                }
                for (; t < k; t++) {
                    float wt = w[wc + t];
                    int xs = xc + dilation * t;
                    for (int j = 0; j < n; j++) {
                        y[yo + j] += wt * x[xs + j];
                    }
                }
            }
            if (bias != null) {
                float b = bias[bOff + o];
                for (int j = 0; j < n; j++) {
                    y[yo + j] += b;
                }
            }
        }
    }
}
