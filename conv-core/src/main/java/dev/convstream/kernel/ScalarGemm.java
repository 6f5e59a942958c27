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
