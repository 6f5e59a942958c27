package dev.convstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.testing.AllocationMeter;
import dev.convstream.testing.KernelFamilies;
import dev.convstream.testing.NamDocuments;
import dev.convstream.testing.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** WaveNet.process and reset after prepare must not allocate: they run on audio threads. */
class WaveNetAllocationTest {

    private static final int CALLS = 100_000;
    private static final int WARM_UP_CALLS = 30_000;

    static List<Arguments> kernelsAndTanh() {
        List<Arguments> cases = new ArrayList<>();
        for (Kernels k : KernelFamilies.list()) {
            cases.add(Arguments.of(k, false));
            cases.add(Arguments.of(k, true));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} fastTanh={1}")
    @MethodSource("kernelsAndTanh")
    void processAndResetAllocateNothing(Kernels kernels, boolean fastTanh) throws Exception {
        ObjectMapper json = new ObjectMapper();
        byte[] doc = json.writeValueAsBytes(NamDocuments.randomWaveNet(5, true, "Tanh", "ReLU"));
        StreamingModel model = new NamLoader().withFastTanh(fastTanh).read(new ByteArrayInputStream(doc), "alloc.nam")
                .newModel(kernels);
        model.prepare(8);
        float[] x = TestData.tones(1, 8);
        float[] y = new float[8];
        AllocationMeter meter = new AllocationMeter();
        long bytes = meter.allocatedOnceWarm(() -> run(model, x, y, WARM_UP_CALLS),
                () -> run(model, x, y, CALLS), 3);
        assertEquals(0, bytes, "bytes allocated by " + CALLS + " process calls and a reset");
    }

    /** {@code calls} process calls of 1 to 8 frames, then a reset. */
    static void run(StreamingModel model, float[] x, float[] y, int calls) {
        for (int i = 0; i < calls; i++) {
            model.process(x, 0, y, 0, 1 + (i & 7));
        }
        model.reset();
    }
}
