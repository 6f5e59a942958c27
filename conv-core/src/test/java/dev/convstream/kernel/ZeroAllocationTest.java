package dev.convstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convstream.testing.AllocationMeter;
import dev.convstream.testing.JitState;
import dev.convstream.testing.KernelFamilies;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernels must not allocate once compiled: the streaming path calls them from real-time
 * code. Before C2 has compiled them, Vector API code runs interpreted and boxes every vector, so
 * each test repeats batches of calls until one allocates nothing (after JIT warm-up), and fails
 * if none does within the deadline. A kernel that allocates per call never gets there.
 */
@Tag("allocation")
class ZeroAllocationTest {

    /** Generous: C2 compiles slowly on a loaded 2-core machine; normally done in ~2 s. */
    private static final long DEADLINE_NANOS = 60_000_000_000L;
    private static final int CALLS_PER_BATCH = 20;

    private static final AllocationMeter METER = new AllocationMeter();

    private static void assertEventuallyAllocationFree(String what, Runnable call) {
        long bytes = METER.allocatedOnceCompiled(() -> {
            for (int i = 0; i < CALLS_PER_BATCH; i++) {
                call.run();
            }
        }, DEADLINE_NANOS);
        if (bytes == 0) {
            return;
        }
        fail(what + " still allocates " + bytes + " bytes per " + CALLS_PER_BATCH + " calls after warm-up ("
                + JitState.describe() + ")");
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void gemmMultiplyDoesNotAllocate(Kernels kernels) {
        Gemm gemm = kernels.gemm();
        Gemm.Workspace ws = gemm.newWorkspace();
        // Edge tiles, blocked depth and width (k > KC, n > NC), streaming-sized products
        // (including single frames, n = 1, with and without a k tail).
        // n = 50: a narrow product whose last columns take two 2L panels (kernel2Direct); 500 and 128
        // end in one 2L panel (kernel2).
        int[][] shapes = {{5, 37, 9}, {9, 500, 300}, {16, 1, 16}, {64, 1, 67}, {64, 128, 64}, {9, 50, 40}};
        float[] a = new float[600 * 300];
        float[] b = new float[600 * 500];
        float[] c = new float[64 * 500];
        assertEventuallyAllocationFree(kernels.name() + " gemm", () -> {
            for (int[] s : shapes) {
                gemm.multiply(s[0], s[1], s[2], a, 1, s[2] + 1, b, 2, s[1], c, 0, s[1], false, ws);
                gemm.multiply(s[0], s[1], s[2], a, 0, s[2], b, 0, s[1] + 3, c, 1, s[1], true, ws);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void depthwiseDoesNotAllocate(Kernels kernels) {
        Depthwise dw = kernels.depthwise();
        float[] in = new float[40 * 300];
        float[] k = new float[9];
        float[] out = new float[40 * 300];
        float[] scratch = new float[60 * 104];
        boolean inPlace = dw.readsUnpadded(3, 3, 1, 1, 56);
        // The vector family must run its in-place 3x3 kernel below, or this test would pass without it.
        assertEquals(kernels.name().equals("vector"), inPlace, kernels.name() + " serves zero-padded 3x3 in place");
        assertEventuallyAllocationFree(kernels.name() + " depthwise", () -> {
            dw.correlate(in, 0, 36, 300, k, 0, 3, 3, 1, 1, 2, 2, out, 0, 32, 296, 0.5f);
            dw.correlate(in, 0, 1, 300, k, 0, 1, 5, 1, 1, 1, 3, out, 0, 1, 287, 0f);
            dw.correlate(in, 0, 36, 300, k, 0, 3, 3, 2, 2, 1, 1, out, 0, 17, 149, 0f);
            // Zero-padded 3x3 (served by the vector family): staged top and bottom rows, masked
            // edge strips, row blocks and their remainder, dilation, a plane at the array's end.
            if (inPlace) {
                dw.correlateZeroPadded(in, 0, 56, 56, 1, 1, k, 0, 3, 3, 1, 1, 1, 1, out, 0, 56, 56, 0.5f, scratch);
                dw.correlateZeroPadded(in, 7, 9, 57, 2, 0, k, 0, 3, 3, 1, 1, 2, 2, out, 0, 9, 57, 0f, scratch);
                dw.correlateZeroPadded(in, in.length - 30 * 100, 30, 100, 1, 1, k, 0, 3, 3, 1, 1, 1, 1,
                        out, 0, 30, 100, 0f, scratch);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void mathDoesNotAllocate(Kernels kernels) {
        ElementwiseMath math = kernels.math();
        float[] x = new float[1000];
        assertEventuallyAllocationFree(kernels.name() + " math", () -> {
            java.util.Arrays.fill(x, 0.3f);
            math.tanh(x, 3, 997);
            math.sigmoid(x, 0, 999);
            math.tanh(x, 0, 5);
        });
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void streamingConvDoesNotAllocate(Kernels kernels) {
        StreamingConvKernel conv = kernels.streamingConv();
        float[] w = new float[32 * 16 * 3];
        float[] b = new float[32];
        float[] x = new float[16 * 400];
        float[] y = new float[32 * 300];
        // Full tiles, row and frame tails, 1x1 accumulation, single frames.
        assertEventuallyAllocationFree(kernels.name() + " streaming conv", () -> {
            conv.correlate(32, 16, 3, 64, w, 0, b, 0, x, 128, 400, y, 0, 256, 256, false);
            conv.correlate(7, 16, 3, 5, w, 0, null, 0, x, 10, 400, y, 0, 256, 83, false);
            conv.correlate(9, 16, 1, 1, w, 0, b, 0, x, 0, 400, y, 0, 256, 77, true);
            conv.correlate(16, 16, 3, 2, w, 0, b, 0, x, 4, 400, y, 0, 256, 1, true);
            conv.correlate(16, 16, 1, 1, w, 0, b, 0, x, 0, 400, x, 0, 400, y, 0, 256, 71);
        });
    }
}
