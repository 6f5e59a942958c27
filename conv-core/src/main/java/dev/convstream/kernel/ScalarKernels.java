package dev.convstream.kernel;

/** The plain-Java family: runs on any JVM. */
final class ScalarKernels {
    private ScalarKernels() {
    }

    static Kernels create() {
        return new KernelFamily("scalar", "scalar (plain Java)", new ScalarGemm(), new ScalarDepthwise(),
                new ScalarElementwiseMath(), new ScalarStreamingConv(), new ScalarTransposedScatter(), new ScalarRowDots());
    }
}
