package dev.convstream.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamActivations;
import dev.convstream.testing.AllocationMeter;
import dev.convstream.testing.KernelFamilies;
import dev.convstream.testing.NamDocuments;
import dev.convstream.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * process and reset of every NAM model (WaveNet, LSTM, ConvNet, a condition DSP of another
 * architecture) after prepare must not allocate:
 * they run on audio threads.
 */
@Tag("allocation")
class WaveNetAllocationTest {

    private static final int CALLS = 100_000;
    private static final int WARM_UP_CALLS = 30_000;

    static List<Arguments> kernelsAndTanh() {
        List<Arguments> cases = new ArrayList<>();
        for (Kernels k : KernelFamilies.list()) {
            for (boolean fast : new boolean[] {false, true}) {
                cases.add(Arguments.of(k, fast, "WaveNet", NamDocuments.randomWaveNet(5, true, "Tanh", "ReLU")));
                cases.add(Arguments.of(k, fast, "LSTM", NamDocuments.lstm(8, 2, 31))); // whole gate vectors
                cases.add(Arguments.of(k, fast, "LSTM", NamDocuments.lstm(3, 2, 33))); // unit by unit
                cases.add(Arguments.of(k, fast, "LSTM", NamDocuments.lstm(3, 1, 34))); // unrolled, or the vector family's cell (fast tanh)
                cases.add(Arguments.of(k, fast, "LSTM", NamDocuments.lstm(8, 1, 35))); // unrolled, the largest
                cases.add(Arguments.of(k, fast, "ConvNet", NamDocuments.convNet(4, new int[] {1, 2, 4}, true, "Tanh", 32)));
                // the recurrent condition's captured prewarm state restored by reset
                cases.add(Arguments.of(k, fast, "WaveNet with an LSTM condition DSP",
                        NamDocuments.withConditionDsp(NamDocuments.lstm(3, 1, 2, 0, 5), 2, 6)));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{2} {0} fastTanh={1}")
    @MethodSource("kernelsAndTanh")
    void processAndResetAllocateNothing(Kernels kernels, boolean fastTanh, String architecture, ObjectNode doc)
            throws Exception {
        StreamingModel model = NamDocuments.read(doc, fastTanh).newModel(kernels);
        model.prepare(8);
        float[] x = TestData.tones(1, 8);
        float[] y = new float[8];
        AllocationMeter meter = new AllocationMeter();
        long bytes = meter.allocatedOnceWarm(() -> run(model, x, y, WARM_UP_CALLS),
                () -> run(model, x, y, CALLS), 3);
        assertEquals(0, bytes, "bytes allocated by " + CALLS + " process calls and a reset");
    }

    static List<Arguments> multiChannelModels() {
        List<Arguments> cases = new ArrayList<>();
        for (Kernels k : KernelFamilies.list()) {
            cases.add(Arguments.of(k, "WaveNet 2 -> 2", NamDocuments.waveNetChannels(2, 2, 71)));
            cases.add(Arguments.of(k, "LSTM 2 -> 2", NamDocuments.lstmChannels(2, 3, 2, 2, 72)));
            cases.add(Arguments.of(k, "ConvNet 2 -> 3", NamDocuments.convNetChannels(2, 4, new int[] {1, 2}, 3, 73)));
            cases.add(Arguments.of(k, "Linear 2 -> 1", NamDocuments.linearChannels(37, 2, 1, true, 74)));
            cases.add(Arguments.of(k, "Linear 1 -> 2", NamDocuments.linearChannels(37, 1, 2, false, 75)));
        }
        return cases;
    }

    /** The multi-channel call on models of several channels. */
    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("multiChannelModels")
    void theMultiChannelCallAllocatesNothing(Kernels kernels, String architecture, ObjectNode doc) throws Exception {
        StreamingModel model = NamDocuments.read(doc, false).newModel(kernels);
        model.prepare(8);
        float[][] block = new float[3][];
        for (int c = 0; c < block.length; c++) {
            block[c] = TestData.tones(1, 8);
        }
        float[][] out = new float[3][8];
        AllocationMeter meter = new AllocationMeter();
        long bytes = meter.allocatedOnceWarm(() -> runChannels(model, block, out, WARM_UP_CALLS),
                () -> runChannels(model, block, out, CALLS), 3);
        assertEquals(0, bytes, "bytes allocated by " + CALLS + " process calls and a reset");
    }

    /**
     * The A1 standard shape with NAM core's fast tanh in blocks of 64 and 97: the vector family's
     * full 4x4 tiles (the conv with its mixin in one call), its fast tanh and head-sum add in one
     * vector pass, single vectors and the plain-Java tail (the cases above stream blocks of 1 to 8
     * frames through small layers, which that family computes in plain Java).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void theA1ShapeWithFastTanhAllocatesNothingInBlocksOfWholeVectors(Kernels kernels) {
        WaveNetConfig config = WaveNetConfig.a1Standard().mapActivations(NamActivations::withFastTanh);
        float[] w = new float[(int) config.weightCount()];
        Random r = new Random(3);
        for (int i = 0; i < w.length; i++) {
            w[i] = (r.nextFloat() - 0.5f) * 0.2f;
        }
        StreamingModel model = new WaveNet(config, w, kernels);
        model.prepare(97);
        float[] x = TestData.tones(1, 97);
        float[] y = new float[97];
        AllocationMeter meter = new AllocationMeter();
        // until C2 has every vector tile (their C1 code boxes): a time budget, not a count (see AllocationMeter)
        runWide(model, x, y, 3_000);
        long bytes = meter.allocatedOnceCompiled(() -> runWide(model, x, y, 6_000), 60_000_000_000L);
        assertEquals(0, bytes, "bytes allocated by 6000 process calls of 64 and 97 frames and a reset");
    }

    private static void runWide(StreamingModel model, float[] x, float[] y, int calls) {
        for (int i = 0; i < calls; i++) {
            model.process(x, 0, y, 0, (i & 1) == 0 ? 64 : 97);
        }
        model.reset();
    }

    private static void runChannels(StreamingModel model, float[][] in, float[][] out, int calls) {
        for (int i = 0; i < calls; i++) {
            model.process(in, 0, out, 0, 1 + (i & 7));
        }
        model.reset();
    }

    /** {@code calls} process calls of 1 to 8 frames, then a reset. */
    static void run(StreamingModel model, float[] x, float[] y, int calls) {
        for (int i = 0; i < calls; i++) {
            model.process(x, 0, y, 0, 1 + (i & 7));
        }
        model.reset();
    }
}
