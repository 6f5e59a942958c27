package dev.convstream.kernel;

import dev.convstream.check.Require;

/**
 * Every row of A dotted with every row of B over long rows: {@code C[i][j] (+)= sum_t
 * a[aOff + i*lda + t] * b[bRows[j] + t]} for {@code i < m, j < n, t < len}, i.e.
 * {@code C = A · B^T}. The weight gradient of a convolution is this product, with A the output
 * gradient (channels x frames) and B the input's rows shifted by each tap (given by their starts,
 * so no column matrix is copied): the reduction runs along time, thousands of frames, while C is
 * a few hundred values, the shape a GEMM vectorised along C's columns serves badly.
 *
 * <p>Each element of C is summed in an order that depends only on {@code len} and the family
 * (the scalar family: in order of t; the vector family: per lane, then the lanes, then the
 * scalar tail), never on m, n, offsets or where the element falls in C, so a fixed family gives
 * the same bits for a product split into row ranges. Stateless and thread-safe (the caller owns
 * the work array); never allocates.
 */
public interface RowDots {

    /** Floats of caller-owned scratch {@link #multiply} needs (0 for the scalar family). */
    default int workSize() {
        return 0;
    }

    /**
     * @param accumulate add onto C (else overwrite it)
     * @param work scratch of at least {@link #workSize()} floats, contents ignored (null when 0)
     * @throws IllegalArgumentException if a row runs outside its array, {@code ldc < n} or the
     *     work array is too short
     */
    void multiply(int m, int n, int len, float[] a, int aOff, int lda, float[] b, int[] bRows,
                  float[] c, int cOff, int ldc, boolean accumulate, float[] work);

    /** Range checks shared by the implementations. */
    static void check(int m, int n, int len, float[] a, int aOff, int lda, float[] b, int[] bRows,
                      float[] c, int cOff, int ldc, float[] work, int workSize) {
        if (workSize > 0 && (work == null || work.length < workSize)) {
            throw new IllegalArgumentException("work needs " + workSize + " floats, array has "
                    + (work == null ? "none" : String.valueOf(work.length)));
        }
        Require.nonNegative("m", m);
        Require.nonNegative("n", n);
        Require.nonNegative("len", len);
        Require.notNull("a", a);
        Require.notNull("b", b);
        Require.notNull("bRows", bRows);
        Require.notNull("c", c);
        if (m == 0 || n == 0) {
            return;
        }
        if (bRows.length < n) {
            throw new IllegalArgumentException("bRows has " + bRows.length + " row starts, needs " + n);
        }
        if (aOff < 0 || (m > 1 && lda < len) || aOff + (long) (m - 1) * lda + len > a.length) {
            throw new IllegalArgumentException("A (" + m + " rows of " + len + ", lda " + lda + ") at " + aOff
                    + " runs outside its array of " + a.length);
        }
        for (int j = 0; j < n; j++) {
            if (bRows[j] < 0 || bRows[j] + (long) len > b.length) {
                throw new IllegalArgumentException("row " + j + " of B [" + bRows[j] + ", " + ((long) bRows[j] + len)
                        + ") runs outside its array of " + b.length);
            }
        }
        if (cOff < 0 || (m > 1 && ldc < n) || cOff + (long) (m - 1) * ldc + n > c.length) {
            throw new IllegalArgumentException("C (" + m + " x " + n + ", ldc " + ldc + ") at " + cOff
                    + " runs outside its array of " + c.length);
        }
    }
}
