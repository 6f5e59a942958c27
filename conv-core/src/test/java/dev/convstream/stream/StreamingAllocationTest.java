package dev.convstream.stream;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.Padding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** process() and reset() after prepare() must not allocate a single byte: they run on audio threads. */
class StreamingAllocationTest {

    private static final int CALLS = 100_000;
    private static final int WARM_UP_CALLS = 50_000;

    static List<Kernels> kernels() {
        return KernelFamilies.both().toList();
    }

    @ParameterizedTest
    @MethodSource("kernels")
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

    private static void run(StreamingConv1d conv, float[] in, float[] out, int calls) {
        for (int i = 0; i < calls; i++) {
            conv.process(in, 0, 16, out, 0, 16, 1 + (i & 15));
        }
        conv.reset();
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void conv2dProcessAllocatesNothing(Kernels kernels) {
        Conv2dSpec spec = Conv2dSpec.builder(2, 4, 3, 3).padding(new Padding(2, 0), Padding.of(1))
                .dilation(2, 1).build();
        StreamingConv2d conv = new StreamingConv2d(spec, new float[4 * 2 * 9], new float[4], kernels);
        conv.prepare(12);
        float[] in = new float[2 * 12];
        float[] out = new float[conv.outputFrameSize()];
        AllocationMeter meter = new AllocationMeter();
        long bytes = meter.allocatedOnceWarm(() -> run(conv, in, out, WARM_UP_CALLS),
                () -> run(conv, in, out, CALLS), 3);
        assertEquals(0, bytes, "bytes allocated by " + CALLS + " process calls and a reset");
    }

    private static void run(StreamingConv2d conv, float[] in, float[] out, int calls) {
        for (int i = 0; i < calls; i++) {
            conv.process(in, 0, out, 0);
        }
        conv.reset();
    }
}
