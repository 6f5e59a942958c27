package dev.convstream.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API family. Loaded only by {@link KernelProvider}, and only when
 * {@code jdk.incubator.vector} is readable, so nothing else in convstream links against it.
 * JDK- and C2-specific choices of this family live in its kernels
 * ({@link VectorDepthwise#readsUnpadded}).
 */
final class VectorKernels {

    /**
     * The vector head (the single-row tiles on every JDK) costs ~0.028 ns per tap and sample:
     * direct and a P = 128 partition cross between 1,024 and 1,088 taps on JDK 25 and near 1,088
     * on JDK 17, at blocks of 64 and of 256 alike, so 1,024 for both (at most ~4% off the faster
     * path up to 1,088); the best partition is ~4 sqrt(L) on both (BENCHMARKS.md, "The FIR
     * crossover with the single-row tiles on JDK 17").
     */
    static final FirPlan FIR_PLAN = new FirPlan(1024, 4.0, 64, 4096);

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
                new VectorElementwiseMath(), new VectorStreamingConv(), new VectorTransposedScatter(),
                new VectorRowDots(), FIR_PLAN, new VectorSmallLstm(), new VectorWinograd());
    }
}
