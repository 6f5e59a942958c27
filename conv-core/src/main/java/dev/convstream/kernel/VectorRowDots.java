package dev.convstream.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowDots} on the Vector API: a tile of up to 4 rows of A by 4 rows of B keeps its 16
 * partial sums in vector registers while it walks the rows a vector at a time (4 + 4 loads per
 * 16 fused multiply-adds), then reduces each to a scalar and adds the scalar tail (frames past
 * the last whole vector) in order. Per element the order is: the start value (0, or C's own
 * when accumulating) plus the lane sums over whole vectors reduced as a fixed tree, then the
 * tail in order, whatever the tile; so a fixed species gives the same bits wherever the
 * element falls. As in {@link VectorStreamingConv}, each tile keeps its vectors inside one
 * call-free method with a flat loop (C2 on JDK 17 boxes vectors carried across calls or nested
 * loops).
 */
final class VectorRowDots implements RowDots {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public void multiply(int m, int n, int len, float[] a, int aOff, int lda, float[] b, int[] bRows,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        RowDots.check(m, n, len, a, aOff, lda, b, bRows, c, cOff, ldc);
        int body = len - len % L;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                tile4x4(a, aOff + i * lda, lda, b, bRows[j], bRows[j + 1], bRows[j + 2], bRows[j + 3], body,
                        c, cOff + i * ldc + j, ldc, accumulate);
            }
            for (; j < n; j++) {
                tile4x1(a, aOff + i * lda, lda, b, bRows[j], body, c, cOff + i * ldc + j, ldc, accumulate);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                tile1x1(a, aOff + i * lda, b, bRows[j], body, c, cOff + i * ldc + j, accumulate);
            }
        }
        if (body < len) {
            for (int r = 0; r < m; r++) {
                int ar = aOff + r * lda;
                for (int j = 0; j < n; j++) {
                    int bj = bRows[j];
                    float s = c[cOff + r * ldc + j];
                    for (int t = body; t < len; t++) {
                        s += a[ar + t] * b[bj + t];
                    }
                    c[cOff + r * ldc + j] = s;
                }
            }
        }
    }

    private static void tile4x4(float[] a, int a0, int lda, float[] b, int b0, int b1, int b2, int b3, int body,
                                float[] c, int ci, int ldc, boolean accumulate) {
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        for (int t = 0; t < body; t += L) {
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + t);
            FloatVector y1 = FloatVector.fromArray(S, b, b1 + t);
            FloatVector y2 = FloatVector.fromArray(S, b, b2 + t);
            FloatVector y3 = FloatVector.fromArray(S, b, b3 + t);
            FloatVector x = FloatVector.fromArray(S, a, a0 + t);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            s02 = x.fma(y2, s02);
            s03 = x.fma(y3, s03);
            x = FloatVector.fromArray(S, a, a1 + t);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            s12 = x.fma(y2, s12);
            s13 = x.fma(y3, s13);
            x = FloatVector.fromArray(S, a, a2 + t);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            s22 = x.fma(y2, s22);
            s23 = x.fma(y3, s23);
            x = FloatVector.fromArray(S, a, a3 + t);
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
            s32 = x.fma(y2, s32);
            s33 = x.fma(y3, s33);
        }
        int c1 = ci + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        float base = 0f;
        c[ci] = (accumulate ? c[ci] : base) + sum(s00);
        c[ci + 1] = (accumulate ? c[ci + 1] : base) + sum(s01);
        c[ci + 2] = (accumulate ? c[ci + 2] : base) + sum(s02);
        c[ci + 3] = (accumulate ? c[ci + 3] : base) + sum(s03);
        c[c1] = (accumulate ? c[c1] : base) + sum(s10);
        c[c1 + 1] = (accumulate ? c[c1 + 1] : base) + sum(s11);
        c[c1 + 2] = (accumulate ? c[c1 + 2] : base) + sum(s12);
        c[c1 + 3] = (accumulate ? c[c1 + 3] : base) + sum(s13);
        c[c2] = (accumulate ? c[c2] : base) + sum(s20);
        c[c2 + 1] = (accumulate ? c[c2 + 1] : base) + sum(s21);
        c[c2 + 2] = (accumulate ? c[c2 + 2] : base) + sum(s22);
        c[c2 + 3] = (accumulate ? c[c2 + 3] : base) + sum(s23);
        c[c3] = (accumulate ? c[c3] : base) + sum(s30);
        c[c3 + 1] = (accumulate ? c[c3 + 1] : base) + sum(s31);
        c[c3 + 2] = (accumulate ? c[c3 + 2] : base) + sum(s32);
        c[c3 + 3] = (accumulate ? c[c3 + 3] : base) + sum(s33);
    }

    private static void tile4x1(float[] a, int a0, int lda, float[] b, int b0, int body,
                                float[] c, int ci, int ldc, boolean accumulate) {
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0, s2 = s0, s3 = s0;
        for (int t = 0; t < body; t += L) {
            FloatVector y = FloatVector.fromArray(S, b, b0 + t);
            s0 = FloatVector.fromArray(S, a, a0 + t).fma(y, s0);
            s1 = FloatVector.fromArray(S, a, a1 + t).fma(y, s1);
            s2 = FloatVector.fromArray(S, a, a2 + t).fma(y, s2);
            s3 = FloatVector.fromArray(S, a, a3 + t).fma(y, s3);
        }
        float base = 0f;
        c[ci] = (accumulate ? c[ci] : base) + sum(s0);
        c[ci + ldc] = (accumulate ? c[ci + ldc] : base) + sum(s1);
        c[ci + 2 * ldc] = (accumulate ? c[ci + 2 * ldc] : base) + sum(s2);
        c[ci + 3 * ldc] = (accumulate ? c[ci + 3 * ldc] : base) + sum(s3);
    }

    /**
     * The lanes of {@code s} summed as a fixed tree (halves added lane by lane, then quarters,
     * ...): unlike {@code reduceLanes}, whose order the API leaves open, the same bits whether
     * C2 compiles it or not, so a training run does not depend on when the JIT kicks in.
     */
    private static float sum(FloatVector s) {
        for (int w = L / 2; w > 0; w /= 2) {
            s = s.add(s.slice(w));
        }
        return s.lane(0);
    }

    private static void tile1x1(float[] a, int a0, float[] b, int b0, int body, float[] c, int ci,
                                boolean accumulate) {
        FloatVector s = FloatVector.zero(S);
        for (int t = 0; t < body; t += L) {
            s = FloatVector.fromArray(S, a, a0 + t).fma(FloatVector.fromArray(S, b, b0 + t), s);
        }
        c[ci] = (accumulate ? c[ci] : 0f) + sum(s);
    }
}
