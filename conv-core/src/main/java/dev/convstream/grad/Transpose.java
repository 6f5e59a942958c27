package dev.convstream.grad;

/** Planar {@code [rows][n]} (row stride given) to {@code [n][rows]}: a GEMM operand's layout. */
final class Transpose {
    private Transpose() {
    }

    static void rows(float[] src, int off, int stride, int rows, int n, float[] dst) {
        for (int r = 0; r < rows; r++) {
            int from = off + r * stride;
            for (int t = 0; t < n; t++) {
                dst[t * rows + r] = src[from + t];
            }
        }
    }
}
