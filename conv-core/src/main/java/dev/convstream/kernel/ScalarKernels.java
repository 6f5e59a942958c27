package dev.convstream.kernel;

/** The plain-Java family: runs on any JVM. */
final class ScalarKernels implements Kernels {
    private final Gemm gemm = new ScalarGemm();
    private final Depthwise depthwise = new ScalarDepthwise();
    private final ElementwiseMath math = new ScalarElementwiseMath();
    private final TransposedScatter transposedScatter = new ScalarTransposedScatter();
    private final StreamingConvKernel streamingConv = new ScalarStreamingConv();

    @Override
    public String name() {
        return "scalar";
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
        return "scalar (plain Java)";
    }
}
