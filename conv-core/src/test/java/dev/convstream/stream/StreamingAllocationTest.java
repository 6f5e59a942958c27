package dev.convstream.stream;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.Padding;
import dev.convstream.testing.AllocationMeter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** process() and reset() after prepare() must not allocate a single byte: they run on audio threads. */
@Tag("allocation")
class StreamingAllocationTest {

    private static final int CALLS = 100_000;
    private static final int WARM_UP_CALLS = 50_000;

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void conv1dProcessAllocatesNothing(Kernels kernels) {
        Conv1dSpec spec = Conv1dSpec.builder(4, 6, 3).dilation(5).stride(2).groups(2).padding(4, 1).build();
        StreamingConv1d conv = new StreamingConv1d(spec, new float[6 * 2 * 3], new float[6], kernels);
        conv.prepare(16);
        float[] in = new float[4 * 16];
        float[] out = new float[6 * 16];
        AllocationMeter meter = new AllocationMeter();
        long bytes = meter.allocatedOnceWarm(() -> run(conv, in, out, WARM_UP_CALLS),
                () -> run(conv, in, out, CALLS), 3);
        assertEquals(0, bytes, "bytes allocated by " + CALLS + " process calls and a reset");
    }

    /**
     * Stride 1 takes the direct kernel, whose tile shapes depend on the channel counts: a long
     * single-channel FIR (a convolver's head), few-channel long FIRs (the dot-product kernel on
     * JDK 17) and a multi-channel dilated layer, at block sizes
     * that reach every tile (4-vector runs, single vectors, scalar tails).
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void directKernelProcessAllocatesNothing(Kernels kernels) {
        for (int[] shape : new int[][] {{1, 1, 256, 1}, {16, 32, 3, 64}, {3, 5, 4, 2}, {2, 1, 1279, 1}, {1, 3, 300, 1}}) {
            int cin = shape[0];
            int cout = shape[1];
            int k = shape[2];
            Conv1dSpec spec = Conv1dSpec.builder(cin, cout, k).dilation(shape[3]).causal().build();
            StreamingConv1d conv = new StreamingConv1d(spec, new float[cout * cin * k], new float[cout], kernels);
            int block = 256;
            conv.prepare(block);
            float[] in = new float[cin * block];
            float[] out = new float[cout * block];
            Runnable calls = () -> {
                for (int i = 0; i < 2_000; i++) {
                    conv.process(in, 0, block, out, 0, block, i % 3 == 0 ? block : 1 + (i % block));
                }
                conv.reset();
            };
            long bytes = new AllocationMeter().allocatedOnceWarm(() -> {
                for (int i = 0; i < 10; i++) {
                    calls.run();
                }
            }, calls, 200); // until C2 has settled: a real allocation dirties every window
            assertEquals(0, bytes, "bytes allocated by 2000 process calls and a reset, shape " + java.util.Arrays.toString(shape));
        }
    }

    private static void run(StreamingConv1d conv, float[] in, float[] out, int calls) {
        for (int i = 0; i < calls; i++) {
            conv.process(in, 0, 16, out, 0, 16, 1 + (i & 15));
        }
        conv.reset();
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void conv2dProcessAllocatesNothing(Kernels kernels) {
        Conv2dSpec spec = Conv2dSpec.builder(2, 4, 3, 3).padding(new Padding(2, 0), Padding.of(1))
                .dilation(2, 1).build();
        StreamingConv2d conv = new StreamingConv2d(spec, 12, new float[4 * 2 * 9], new float[4], kernels);
        conv.prepare(1);
        float[] in = new float[2 * 12];
        float[] out = new float[conv.outputSize()];
        AllocationMeter meter = new AllocationMeter();
        long bytes = meter.allocatedOnceWarm(() -> run(conv, in, out, WARM_UP_CALLS),
                () -> run(conv, in, out, CALLS), 3);
        assertEquals(0, bytes, "bytes allocated by " + CALLS + " process calls and a reset");
    }

    private static void run(StreamingConv2d conv, float[] in, float[] out, int calls) {
        for (int i = 0; i < calls; i++) {
            conv.step(in, 0, out, 0);
        }
        conv.reset();
    }
}
