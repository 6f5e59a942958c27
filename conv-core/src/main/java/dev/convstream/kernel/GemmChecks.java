package dev.convstream.kernel;

import dev.convstream.check.Require;

/** Argument checks shared by the GEMM implementations, so both fail the same way. */
final class GemmChecks {
    private GemmChecks() {
    }

    static void check(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("GEMM dimensions must be >= 0, found m=" + m + " n=" + n + " k=" + k);
        }
        matrix("A", m, k, a, aOff, lda);
        matrix("B", k, n, b, bOff, ldb);
        matrix("C", m, n, c, cOff, ldc);
    }

    /** Checks an A (m x k) about to be packed. */
    static void checkPack(int m, int k, float[] a, int aOff, int lda) {
        if (m < 0 || k < 0) {
            throw new IllegalArgumentException("packed matrix dimensions must be >= 0, found m=" + m + " k=" + k);
        }
        matrix("A", m, k, a, aOff, lda);
    }

    /** Checks a product with a packed A whose B is given by row starts. */
    static void checkRows(int m, int n, int k, float[] b, int[] bRows, float[] c, int cOff, int ldc) {
        Require.nonNegative("GEMM dimension n", n);
        if (bRows.length < k) {
            throw new IllegalArgumentException("B needs " + k + " row starts, found " + bRows.length);
        }
        if (n > 0) {
            for (int p = 0; p < k; p++) {
                if (bRows[p] < 0 || (long) bRows[p] + n > b.length) {
                    throw new IllegalArgumentException("row " + p + " of B (" + n + " values from " + bRows[p]
                            + ") runs outside its array of " + b.length);
                }
            }
        }
        matrix("C", m, n, c, cOff, ldc);
    }

    /** Checks a row bias for m rows. */
    static void checkBias(int m, float[] rowBias, int rowBiasOff) {
        Require.notNull("row bias", rowBias);
        if (rowBiasOff < 0 || (long) rowBiasOff + m > rowBias.length) {
            throw new IllegalArgumentException("row bias of " + m + " values at offset " + rowBiasOff
                    + " does not fit its array of " + rowBias.length);
        }
    }

    /** Checks a product with a packed A and a strided B. */
    static void checkPacked(int m, int n, int k, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        Require.nonNegative("GEMM dimension n", n);
        matrix("B", k, n, b, bOff, ldb);
        matrix("C", m, n, c, cOff, ldc);
    }

    private static void matrix(String name, int rows, int cols, float[] x, int off, int ld) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (ld < cols) {
            throw new IllegalArgumentException("leading dimension of " + name + " is " + ld
                    + ", smaller than its " + cols + " columns");
        }
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IllegalArgumentException(name + " (" + rows + "x" + cols + ", offset " + off
                    + ", ld " + ld + ") needs " + last + " values, array has " + x.length);
        }
    }
}
