package dev.convstream.kernel;

/**
 * The hot operations every layer is built from, in one implementation family: plain Java
 * ({@link #scalar()}) or the Vector API ({@link #vector()}). Callers never know which they got.
 *
 * <p>{@link #preferred()} is chosen once per JVM by {@link KernelProvider}: the Vector API
 * family when {@code jdk.incubator.vector} is readable (run with
 * {@code --add-modules jdk.incubator.vector}), else scalar; the system property
 * {@code convstream.kernels=scalar|vector} forces either ({@code convstream.gemm}, its older name,
 * still works). On a JVM without C2 (client VM, {@code -XX:TieredStopAtLevel=1}, {@code -Xint})
 * the scalar family is chosen: the Vector API is slow there.
 */
public interface Kernels {

    /** {@code "vector"} or {@code "scalar"}. */
    String name();

    Gemm gemm();

    Depthwise depthwise();

    ElementwiseMath math();

    /** Direct causal 1D convolution for streaming layers with few channels. */
    StreamingConvKernel streamingConv();

    /** The column-matrix-to-image half of a transposed convolution. */
    TransposedScatter transposedScatter();

    /** {@code C = A · B^T} over long rows: the weight gradient of a convolution ({@code grad}). */
    RowDots rowDots();

    /**
     * Where this family's single-channel FIR switches from the direct kernel to the partitioned
     * FFT engine, and how large the partitions are (measured per JDK; {@link FirPlan}).
     */
    FirPlan firPlan();

    /** The transforms of Winograd's F(4x4, 3x3) for dense 3x3 stride-1 convolutions. */
    Winograd winograd();

    /** This family's cell for one-layer LSTMs of a few units with fast tanh ({@link SmallLstm#NONE} if none). */
    SmallLstm smallLstm();

    /** The family picked for this JVM (logged once: INFO, or WARNING when the scalar family stands in for the vector one). */
    static Kernels preferred() {
        return KernelProvider.preferred();
    }

    /**
     * The family {@link #preferred()} picks and why, as it logs it: e.g. {@code vector (Panama
     * 512-bit, 16 float lanes): jdk.incubator.vector is readable and C2 compiles it}. Makes the
     * choice if nothing has yet.
     */
    static String preferredChoice() {
        return KernelProvider.preferredChoice();
    }

    /** The plain-Java family; always available. */
    static Kernels scalar() {
        return KernelProvider.SCALAR;
    }

    /**
     * The Vector API family.
     *
     * @throws UnsupportedOperationException naming the reason when the Vector API is not usable
     */
    static Kernels vector() {
        return KernelProvider.vector();
    }
}
