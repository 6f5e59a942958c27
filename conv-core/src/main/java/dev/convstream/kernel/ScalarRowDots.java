package dev.convstream.kernel;

/** Plain-Java {@link RowDots}: each element summed from 0 in order of t. */
final class ScalarRowDots implements RowDots {

    @Override
    public void multiply(int m, int n, int len, float[] a, int aOff, int lda, float[] b, int[] bRows,
                         float[] c, int cOff, int ldc, boolean accumulate, float[] work) {
        RowDots.check(m, n, len, a, aOff, lda, b, bRows, c, cOff, ldc, work, 0);
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                int bj = bRows[j];
                float s = 0f;
                for (int t = 0; t < len; t++) {
                    s += a[ai + t] * b[bj + t];
                }
                int at = cOff + i * ldc + j;
                c[at] = accumulate ? c[at] + s : s;
            }
        }
    }
}
