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
     * The vector head costs ~0.02-0.03 ns per tap and sample: direct and partitioned cross near
     * 900 taps on JDK 17 and 1,200 on JDK 25 (blocks of 64), so 1,024 for both; the best partition
     * is ~4 sqrt(L) on both (BENCHMARKS.md, "Single-channel FIR, second round").
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
