package dev.convstream.kernel;

/** The plain-Java family: runs on any JVM. */
final class ScalarKernels {

    /**
     * The scalar head costs ~0.27 ns per tap and sample. Direct and a head of 32 taps cross near
     * 112 taps at blocks of 64 and near 136 at blocks of 256, on JDK 17 and 25 alike, so 128
     * stays; above it P = 32 beats 64 by 3-20% up to 512 taps and loses at 1,279, which
     * 2 sqrt(L) already picks once the floor is 32; 512 is still the best partition at 96,000
     * taps (BENCHMARKS.md, "The scalar family's FIR crossover, re-measured").
     */
    static final FirPlan FIR_PLAN = new FirPlan(128, 2.0, 32, 512);

    private ScalarKernels() {
    }

    static Kernels create() {
        return new KernelFamily("scalar", "scalar (plain Java)", new ScalarGemm(), new ScalarDepthwise(),
                new ScalarElementwiseMath(), new ScalarStreamingConv(), new ScalarTransposedScatter(), new ScalarRowDots(),
                FIR_PLAN, SmallLstm.NONE, new ScalarWinograd());
    }
}
