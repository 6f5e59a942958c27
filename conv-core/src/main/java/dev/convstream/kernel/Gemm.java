package dev.convstream.kernel;

/**
 * Single-precision matrix multiply on row-major matrices held in flat arrays:
 * {@code C[m×n] = A[m×k] · B[k×n]}, or {@code C += A·B} when {@code accumulate}.
 *
 * <p>Element {@code (i, j)} of A is {@code a[aOff + i*lda + j]}; likewise B and C. Every
 * convolution in convstream ends here: weights are A, im2col columns are B, outputs are C.
 *
 * <p>Determinism: each element of C is summed in an order that depends only on k (its start,
 * then the products in order of depth), never on n, m, the offsets or the blocking, so a
 * product split into column or row ranges gives the bits of the whole product. Layers rely on
 * this for {@code withParallelism} and streaming block sizes.
 *
 * <p>Implementations are stateless and thread-safe. Scratch memory (packed panels) lives in a
 * {@link Workspace} that the caller owns, so that real-time callers allocate it once in
 * {@code prepare} and the multiply itself never allocates. A workspace must not be used by two
 * threads at once.
 */
public interface Gemm {

    /** Short name for logs and reports, e.g. {@code "vector"} or {@code "scalar"}. */
    String name();

    /**
     * A fresh workspace for any problem. It may make part of its memory on its first wide
     * product (once for its lifetime): fine for layers, not for an audio thread, which should
     * use {@link #newWorkspace(int)}.
     */
    Workspace newWorkspace();

    /**
     * A fresh workspace with all the memory that products at most {@code maxColumns} wide (n)
     * need, made now, so that multiplying with it never allocates: for real-time callers, in
     * {@code prepare}. A wider product still works, but may allocate as {@link #newWorkspace()}.
     */
    default Workspace newWorkspace(int maxColumns) {
        return newWorkspace();
    }

    /**
     * {@code C = A·B} (or {@code C += A·B} when {@code accumulate}). Does not allocate.
     *
     * @throws IllegalArgumentException if a dimension is negative or a leading dimension is
     *     too small for its matrix
     */
    void multiply(int m, int n, int k,
                  float[] a, int aOff, int lda,
                  float[] b, int bOff, int ldb,
                  float[] c, int cOff, int ldc,
                  boolean accumulate, Workspace workspace);

    /**
     * Packs the m x k matrix A once, in this GEMM's own layout, for many products with it: a
     * layer's weights, packed at construction so that no call packs them again. Allocates.
     */
    PackedMatrix pack(int m, int k, float[] a, int aOff, int lda);

    /**
     * {@code C = A·B} (or {@code C += A·B}) with A from {@link #pack} (m x k) and B a strided
     * k x n matrix as in {@link #multiply(int, int, int, float[], int, int, float[], int, int,
     * float[], int, int, boolean, Workspace) multiply}. Does not allocate.
     */
    void multiply(PackedMatrix a, int n, float[] b, int bOff, int ldb,
                  float[] c, int cOff, int ldc, boolean accumulate, Workspace workspace);

    /**
     * {@code C = A·B} (or {@code C += A·B}) with A from {@link #pack} and B given row by row:
     * row p of B is the n values from {@code b[bRows[p]]}. A stride-1 convolution passes a
     * padded copy of its input with one row start per (channel, tap), the input shifted by that
     * tap, and so needs no column matrix at all. Does not allocate.
     *
     * @throws IllegalArgumentException if {@code bRows} has fewer than k entries or a row runs
     *     outside {@code b}
     */
    void multiply(PackedMatrix a, int n, float[] b, int[] bRows,
                  float[] c, int cOff, int ldc, boolean accumulate, Workspace workspace);

    /**
     * {@code C = A·B + bias}, the bias broadcast along each row ({@code rowBias[rowBiasOff + i]}
     * for row i), with A from {@link #pack} and B given by row starts as above. The GEMM starts
     * each row's sums from its bias, so a layer's bias costs no pass of its own. Does not allocate.
     */
    void multiply(PackedMatrix a, int n, float[] b, int[] bRows, float[] rowBias, int rowBiasOff,
                  float[] c, int cOff, int ldc, Workspace workspace);

    /** Per-thread scratch for one {@link Gemm}. Opaque to callers. */
    interface Workspace {
    }

    /** A left operand packed by one {@link Gemm} for its own use. Immutable; opaque to callers. */
    interface PackedMatrix {
        /** m, the rows of A. */
        int rows();

        /** k, the columns of A. */
        int cols();
    }
}
