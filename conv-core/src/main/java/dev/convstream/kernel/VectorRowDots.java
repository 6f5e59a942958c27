package dev.convstream.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowDots} on the Vector API: a tile of up to 4 rows of A by 4 rows of B keeps its 16
 * partial sums in vector registers while it walks the rows a vector at a time (4 + 4 loads per
 * 16 fused multiply-adds), then reduces each to a scalar and adds the scalar tail (frames past
 * the last whole vector) in order. Per element the order is: the start value (0, or C's own
 * when accumulating) plus the lane sums over whole vectors (stored to the caller's work array
 * and added in lane order), then the tail in order, whatever the tile; so a fixed species gives the same bits wherever the
 * element falls. As in {@link VectorStreamingConv}, each tile keeps its vectors inside one
 * call-free method with a flat loop (C2 on JDK 17 boxes vectors carried across calls or nested
 * loops).
 */
final class VectorRowDots implements RowDots {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Blending all lanes into {@link #ZERO} copies a sum through an exactly typed receiver: see VectorStreamingConv. */
    private static final FloatVector ZERO = FloatVector.zero(S);
    private static final VectorMask<Float> ALL = S.maskAll(true);
    /**
     * The species' vector class: each FMA's receiver (the row of A) is cast to it, so the FMAs bind
     * without a type profile (JDK 17's tier 2 -> 4 defect; see VectorStreamingConv's EXACT). Same
     * operations, same bits.
     */
    @SuppressWarnings("unchecked")
    private static final Class<FloatVector> EXACT = (Class<FloatVector>) (Class<?>) S.vectorType();

    @Override
    public int workSize() {
        return 16 * L;
    }

    @Override
    public void multiply(int m, int n, int len, float[] a, int aOff, int lda, float[] b, int[] bRows,
                         float[] c, int cOff, int ldc, boolean accumulate, float[] work) {
        RowDots.check(m, n, len, a, aOff, lda, b, bRows, c, cOff, ldc, work, workSize());
        int body = len - len % L;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                tile4x4(a, aOff + i * lda, lda, b, bRows[j], bRows[j + 1], bRows[j + 2], bRows[j + 3], body,
                        c, cOff + i * ldc + j, ldc, accumulate, work);
            }
            for (; j < n; j++) {
                tile4x1(a, aOff + i * lda, lda, b, bRows[j], body, c, cOff + i * ldc + j, ldc, accumulate, work);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                tile1x1(a, aOff + i * lda, b, bRows[j], body, c, cOff + i * ldc + j, accumulate, work);
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
                                float[] c, int ci, int ldc, boolean accumulate, float[] work) {
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
            FloatVector x = EXACT.cast(FloatVector.fromArray(S, a, a0 + t));
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            s02 = x.fma(y2, s02);
            s03 = x.fma(y3, s03);
            x = EXACT.cast(FloatVector.fromArray(S, a, a1 + t));
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            s12 = x.fma(y2, s12);
            s13 = x.fma(y3, s13);
            x = EXACT.cast(FloatVector.fromArray(S, a, a2 + t));
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            s22 = x.fma(y2, s22);
            s23 = x.fma(y3, s23);
            x = EXACT.cast(FloatVector.fromArray(S, a, a3 + t));
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
            s32 = x.fma(y2, s32);
            s33 = x.fma(y3, s33);
        }
        ZERO.blend(s00, ALL).intoArray(work, 0);
        ZERO.blend(s01, ALL).intoArray(work, L);
        ZERO.blend(s02, ALL).intoArray(work, 2 * L);
        ZERO.blend(s03, ALL).intoArray(work, 3 * L);
        ZERO.blend(s10, ALL).intoArray(work, 4 * L);
        ZERO.blend(s11, ALL).intoArray(work, 5 * L);
        ZERO.blend(s12, ALL).intoArray(work, 6 * L);
        ZERO.blend(s13, ALL).intoArray(work, 7 * L);
        ZERO.blend(s20, ALL).intoArray(work, 8 * L);
        ZERO.blend(s21, ALL).intoArray(work, 9 * L);
        ZERO.blend(s22, ALL).intoArray(work, 10 * L);
        ZERO.blend(s23, ALL).intoArray(work, 11 * L);
        ZERO.blend(s30, ALL).intoArray(work, 12 * L);
        ZERO.blend(s31, ALL).intoArray(work, 13 * L);
        ZERO.blend(s32, ALL).intoArray(work, 14 * L);
        ZERO.blend(s33, ALL).intoArray(work, 15 * L);
        int c1 = ci + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        float base = 0f;
        c[ci] = (accumulate ? c[ci] : base) + lanes(work, 0);
        c[ci + 1] = (accumulate ? c[ci + 1] : base) + lanes(work, L);
        c[ci + 2] = (accumulate ? c[ci + 2] : base) + lanes(work, 2 * L);
        c[ci + 3] = (accumulate ? c[ci + 3] : base) + lanes(work, 3 * L);
        c[c1] = (accumulate ? c[c1] : base) + lanes(work, 4 * L);
        c[c1 + 1] = (accumulate ? c[c1 + 1] : base) + lanes(work, 5 * L);
        c[c1 + 2] = (accumulate ? c[c1 + 2] : base) + lanes(work, 6 * L);
        c[c1 + 3] = (accumulate ? c[c1 + 3] : base) + lanes(work, 7 * L);
        c[c2] = (accumulate ? c[c2] : base) + lanes(work, 8 * L);
        c[c2 + 1] = (accumulate ? c[c2 + 1] : base) + lanes(work, 9 * L);
        c[c2 + 2] = (accumulate ? c[c2 + 2] : base) + lanes(work, 10 * L);
        c[c2 + 3] = (accumulate ? c[c2 + 3] : base) + lanes(work, 11 * L);
        c[c3] = (accumulate ? c[c3] : base) + lanes(work, 12 * L);
        c[c3 + 1] = (accumulate ? c[c3 + 1] : base) + lanes(work, 13 * L);
        c[c3 + 2] = (accumulate ? c[c3 + 2] : base) + lanes(work, 14 * L);
        c[c3 + 3] = (accumulate ? c[c3 + 3] : base) + lanes(work, 15 * L);
    }

    private static void tile4x1(float[] a, int a0, int lda, float[] b, int b0, int body,
                                float[] c, int ci, int ldc, boolean accumulate, float[] work) {
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0, s2 = s0, s3 = s0;
        for (int t = 0; t < body; t += L) {
            FloatVector y = FloatVector.fromArray(S, b, b0 + t);
            s0 = EXACT.cast(FloatVector.fromArray(S, a, a0 + t)).fma(y, s0);
            s1 = EXACT.cast(FloatVector.fromArray(S, a, a1 + t)).fma(y, s1);
            s2 = EXACT.cast(FloatVector.fromArray(S, a, a2 + t)).fma(y, s2);
            s3 = EXACT.cast(FloatVector.fromArray(S, a, a3 + t)).fma(y, s3);
        }
        ZERO.blend(s0, ALL).intoArray(work, 0);
        ZERO.blend(s1, ALL).intoArray(work, L);
        ZERO.blend(s2, ALL).intoArray(work, 2 * L);
        ZERO.blend(s3, ALL).intoArray(work, 3 * L);
        float base = 0f;
        c[ci] = (accumulate ? c[ci] : base) + lanes(work, 0);
        c[ci + ldc] = (accumulate ? c[ci + ldc] : base) + lanes(work, L);
        c[ci + 2 * ldc] = (accumulate ? c[ci + 2 * ldc] : base) + lanes(work, 2 * L);
        c[ci + 3 * ldc] = (accumulate ? c[ci + 3 * ldc] : base) + lanes(work, 3 * L);
    }

    /**
     * The {@code L} partial sums stored at {@code work[off]}, added in lane order: unlike
     * {@code reduceLanes}, whose order the API leaves open, the same bits whether C2 compiles it
     * or not (so a training run does not depend on when the JIT kicks in), and no vector is
     * carried through a loop (which C2 on JDK 17 boxes).
     */
    private static float lanes(float[] work, int off) {
        float s = 0f;
        for (int i = 0; i < L; i++) {
            s += work[off + i];
        }
        return s;
    }

    private static void tile1x1(float[] a, int a0, float[] b, int b0, int body, float[] c, int ci,
                                boolean accumulate, float[] work) {
        FloatVector s = FloatVector.zero(S);
        for (int t = 0; t < body; t += L) {
            s = EXACT.cast(FloatVector.fromArray(S, a, a0 + t)).fma(FloatVector.fromArray(S, b, b0 + t), s);
        }
        ZERO.blend(s, ALL).intoArray(work, 0);
        c[ci] = (accumulate ? c[ci] : 0f) + lanes(work, 0);
    }
}
