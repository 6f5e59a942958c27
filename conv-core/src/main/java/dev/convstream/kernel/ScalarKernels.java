package dev.convstream.kernel;

/** The plain-Java family: runs on any JVM. */
final class ScalarKernels {

    /**
     * The scalar head costs ~0.3 ns per tap and sample. Direct and a head of 32 taps cross
     * between 112 and 128 taps at blocks of 64 and between 128 and 144 at blocks of 256, on JDK
     * 17 and 25 alike, so 128 stays. The floor is 32, not 64: P = 32 beats 64 by 3-21% up to
     * ~600 taps and loses from ~1,000, where 2 sqrt(L) (which rounds to 32 up to 588 taps) hands
     * over to 64 by itself; 512 is still the best partition at 96,000 taps (BENCHMARKS.md, "The
     * scalar family's FIR crossover, re-measured").
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
