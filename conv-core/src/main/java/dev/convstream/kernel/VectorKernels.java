package dev.convstream.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API family. Loaded only by {@link KernelProvider}, and only when
 * {@code jdk.incubator.vector} is readable, so nothing else in convstream links against it.
 * JDK- and C2-specific choices of this family live in its kernels
 * ({@link VectorDepthwise#readsUnpadded}, {@link VectorStreamingConv#forOutputs}).
 */
final class VectorKernels {
    private VectorKernels() {
    }

    /** @throws UnsupportedOperationException when the preferred species has fewer than 4 float lanes */
    static Kernels create() {
        if (FloatVector.SPECIES_PREFERRED.length() < 4) {
            throw new UnsupportedOperationException("the preferred vector species has only "
                    + FloatVector.SPECIES_PREFERRED.length() + " float lanes");
        }
        return new KernelFamily("vector", "vector (Panama " + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit, "
                + FloatVector.SPECIES_PREFERRED.length() + " float lanes)", new VectorGemm(), new VectorDepthwise(),
                new VectorElementwiseMath(), new VectorStreamingConv(new ScalarStreamingConv()), new VectorTransposedScatter(),
                new VectorRowDots());
    }
}
