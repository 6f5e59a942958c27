package dev.convstream.kernel;

/** The plain-Java family: runs on any JVM. */
final class ScalarKernels {

    /**
     * The scalar head costs ~0.26 ns per tap and sample: direct and partitioned (P = 64) tie at
     * 128 taps on JDK 17 and 25 (BENCHMARKS.md, "Single-channel FIR, second round").
     */
    static final FirPlan FIR_PLAN = new FirPlan(128, 2.0, 64, 512);

    private ScalarKernels() {
    }

    static Kernels create() {
        return new KernelFamily("scalar", "scalar (plain Java)", new ScalarGemm(), new ScalarDepthwise(),
                new ScalarElementwiseMath(), new ScalarStreamingConv(), new ScalarTransposedScatter(), new ScalarRowDots(),
                FIR_PLAN, SmallLstm.NONE, new ScalarWinograd());
    }
}
