package dev.convstream.kernel;

/**
 * One {@link Kernels} family as a value: its name, a one-line description for the log, and one
 * implementation of each operation. {@link ScalarKernels} and {@link VectorKernels} build them.
 */
record KernelFamily(String name, String description, Gemm gemm, Depthwise depthwise, ElementwiseMath math,
                    StreamingConvKernel streamingConv, TransposedScatter transposedScatter, RowDots rowDots,
                    FirPlan firPlan, SmallLstm smallLstm, Winograd winograd)
        implements Kernels {

    @Override
    public String toString() {
        return description;
    }
}
