package dev.convstream.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API family. Loaded only by {@link KernelProvider}, and only when
 * {@code jdk.incubator.vector} is present, so nothing else in convstream links against it.
 */
final class VectorKernels implements Kernels {
    private final Gemm gemm = new VectorGemm();
    private final Depthwise depthwise = new VectorDepthwise();
    private final ElementwiseMath math = new VectorElementwiseMath();
    private final TransposedScatter transposedScatter = new VectorTransposedScatter();
    private final StreamingConvKernel streamingConv = new VectorStreamingConv();

    VectorKernels() {
        if (FloatVector.SPECIES_PREFERRED.length() < 4) {
            throw new UnsupportedOperationException("the preferred vector species has only "
                    + FloatVector.SPECIES_PREFERRED.length() + " float lanes");
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public Gemm gemm() {
        return gemm;
    }

    @Override
    public Depthwise depthwise() {
        return depthwise;
    }

    @Override
    public ElementwiseMath math() {
        return math;
    }

    @Override
    public StreamingConvKernel streamingConv() {
        return streamingConv;
    }

    @Override
    public TransposedScatter transposedScatter() {
        return transposedScatter;
    }

    @Override
    public String toString() {
        return "vector (Panama " + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit, "
                + FloatVector.SPECIES_PREFERRED.length() + " float lanes)";
    }
}
