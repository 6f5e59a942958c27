package dev.convstream.kernel;

/**
 * Plain-Java GEMM: the portable fallback and the reference the vector kernel is tested against.
 * The loop order (i, p, j) streams rows of B and C, which the JIT unrolls well; no packing, so
 * its workspace is empty.
 */
public final class ScalarGemm implements Gemm {

    private static final Workspace NO_WORKSPACE = new Workspace() { };

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public Workspace newWorkspace() {
        return NO_WORKSPACE;
    }

    @Override
    public PackedMatrix pack(int m, int k, float[] a, int aOff, int lda) {
        GemmChecks.checkPack(m, k, a, aOff, lda);
        float[] copy = new float[m * k];
        for (int i = 0; i < m; i++) {
            System.arraycopy(a, aOff + i * lda, copy, i * k, k);
        }
        return new Packed(m, k, copy);
    }

    /** The scalar GEMM needs no layout of its own: A row-major, {@code lda = k}. */
    private record Packed(int rows, int cols, float[] data) implements PackedMatrix {
    }

    private static Packed packed(PackedMatrix a) {
        if (a instanceof Packed p) {
            return p;
        }
        throw new IllegalArgumentException("packed matrix must come from the scalar Gemm's pack(), found "
                + (a == null ? "null" : a.getClass().getName()));
    }

    @Override
    public void multiply(PackedMatrix packed, int n, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate, Workspace workspace) {
        Packed a = packed(packed);
        multiply(a.rows, n, a.cols, a.data, 0, a.cols, b, bOff, ldb, c, cOff, ldc, accumulate, workspace);
    }

    @Override
    public void multiply(PackedMatrix packed, int n, float[] b, int[] bRows,
                         float[] c, int cOff, int ldc, boolean accumulate, Workspace workspace) {
        Packed a = packed(packed);
        int m = a.rows;
        int k = a.cols;
        GemmChecks.checkRows(m, n, k, b, bRows, c, cOff, ldc);
        // Same (i, p, j) order as the strided multiply, so both forms give identical sums.
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            }
            int ai = i * k;
            for (int p = 0; p < k; p++) {
                float aip = a.data[ai + p];
                int bp = bRows[p];
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    @Override
    public void multiply(PackedMatrix packed, int n, float[] b, int[] bRows, float[] rowBias, int rowBiasOff,
                         float[] c, int cOff, int ldc, Workspace workspace) {
        Packed a = packed(packed);
        GemmChecks.checkRows(a.rows, n, a.cols, b, bRows, c, cOff, ldc);
        GemmChecks.checkBias(a.rows, rowBias, rowBiasOff);
        for (int i = 0; i < a.rows; i++) {
            java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, rowBias[rowBiasOff + i]);
        }
        multiply(packed, n, b, bRows, c, cOff, ldc, true, workspace);
    }

    @Override
    public void multiply(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate, Workspace workspace) {
        GemmChecks.check(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            }
            int ai = aOff + i * lda;
            for (int p = 0; p < k; p++) {
                float aip = a[ai + p];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }
}
