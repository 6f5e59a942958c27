package dev.convstream.kernel;

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
