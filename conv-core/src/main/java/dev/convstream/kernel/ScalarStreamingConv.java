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
            } else if (base != y) {
                System.arraycopy(base, baseOff + o * baseStride, y, yo, n);
            }
            int wo = wOff + o * cin * k;
            for (int c = 0; c < cin; c++) {
                for (int t = 0; t < k; t++) {
                    float wt = w[wo + c * k + t];
                    int xs = xOff + c * xStride - dilation * (k - 1 - t);
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
