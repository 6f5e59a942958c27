package dev.convstream.kernel;

/** PLACEHOLDER until the Panama kernel lands: delegates to the scalar GEMM. */
final class VectorGemm implements Gemm {
    private final Gemm delegate = new ScalarGemm();
    @Override public String name() { return "vector"; }
    @Override public Workspace newWorkspace() { return delegate.newWorkspace(); }
    @Override
    public void multiply(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate, Workspace workspace) {
        delegate.multiply(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, workspace);
    }
}
