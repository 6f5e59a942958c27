package dev.convstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamFile;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.testing.AllocationMeter;
import dev.convstream.testing.KernelFamilies;
import dev.convstream.testing.NamDocuments;
import dev.convstream.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 0.6/0.7 WaveNet fields against {@link NaiveWaveNet}, the documented equations in double
 * precision, on a generated model that sets every field to a value other than its default
 * ({@link NamDocuments#everyField}), written as a 0.7.0 file and read back by the loader.
 */
class WaveNetModernTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static NamFile load(WaveNetConfig config, long seed, boolean fastTanh) throws Exception {
        ObjectNode doc = NamDocuments.model(config, new Random(seed));
        doc.put("sample_rate", 48_000);
        return new NamLoader().withFastTanh(fastTanh).read(new ByteArrayInputStream(JSON.writeValueAsBytes(doc)),
                "every-field.nam");
    }

    @Test
    void everyFieldSurvivesTheFileRoundTrip() throws Exception {
        WaveNetConfig config = NamDocuments.everyField(ActivationFunction.tanh());
        NamFile f = load(config, 3, false);
        assertEquals("0.7.0", f.version());
        assertEquals(config, f.wavenet());
        assertEquals(config.weightCount(), f.weights().length);
    }

    /**
     * Float32 against double, from sample 0 (the reference is given the receptive field of
     * silence first): within 1e-5 of the output's peak, as WaveNetTest.assertClose states for
     * the A1 models; these layers are as shallow, and the FiLM products add one rounding each.
     */
    @ParameterizedTest(name = "{0} fastTanh={1}")
    @MethodSource("dev.convstream.model.WaveNetAllocationTest#kernelsAndTanh")
    void everyFieldMatchesTheNaiveEquations(Kernels kernels, boolean fastTanh) throws Exception {
        NamFile f = load(NamDocuments.everyField(ActivationFunction.tanh()), 4, fastTanh);
        float[] x = TestData.tones(5, 3000);
        StreamingModel m = f.newModel(kernels);
        m.prepare(64);
        WaveNetTest.assertClose(WaveNetTest.reference(f.wavenet(), f.weights(), x), WaveNetTest.stream(m, x, 64),
                "every field, " + (fastTanh ? "fast" : "exact") + " tanh, " + kernels.name());
    }

    /** The fast-tanh file differs from the exact one: its Tanh (gate and post-stack head) became fast. */
    @Test
    void fastTanhReachesGatesHeadsAndTheConditionDsp() throws Exception {
        NamFile fast = load(NamDocuments.everyField(ActivationFunction.tanh()), 4, true);
        boolean[] exactTanh = {false};
        fast.wavenet().mapActivations(a -> {
            exactTanh[0] |= a.equals(ActivationFunction.tanh());
            return a;
        });
        assertTrue(!exactTanh[0], "no exact Tanh is left");
        assertEquals(ActivationFunction.fastTanh(), fast.wavenet().head().activation());
        assertEquals(ActivationFunction.fastTanh(),
                fast.wavenet().conditionDsp().config().layerArrays().get(0).layers().get(0).activation());
        assertEquals(ActivationFunction.sigmoid(),
                fast.wavenet().conditionDsp().config().layerArrays().get(0).layers().get(0).secondary());
    }

    /** A per-channel PReLU in the post-stack head gets its slope per channel (the reference's channel index). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void perChannelPreluInThePostStackHead(Kernels kernels) throws Exception {
        WaveNetConfig base = NamDocuments.everyField(ActivationFunction.tanh());
        // the last array's head gives 2 channels, the post-stack head's convs take 3: make both 3
        List<LayerArrayConfig> arrays = new ArrayList<>(base.layerArrays());
        LayerArrayConfig a1 = arrays.get(1);
        arrays.set(1, new LayerArrayConfig(a1.inputSize(), a1.conditionSize(), a1.channels(), a1.bottleneck(),
                a1.layers(), a1.layer1x1(), a1.head1x1(), 1, 1, a1.films(),
                new LayerArrayConfig.ArrayHead(3, 2, false, 1), List.of()));
        WaveNetConfig config = new WaveNetConfig(1, arrays, new PostStackHead(3, 1, List.of(1, 2),
                ActivationFunction.prelu(0.5f, -0.25f, 2f)), 0.02f, base.conditionDsp());
        NamFile f = load(config, 6, false);
        float[] x = TestData.tones(7, 2000);
        StreamingModel m = f.newModel(kernels);
        m.prepare(97);
        WaveNetTest.assertClose(WaveNetTest.reference(f.wavenet(), f.weights(), x), WaveNetTest.stream(m, x, 97),
                "post-stack PReLU, " + kernels.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void streamsIdenticallyInBlocksOf1And64And97And4096(Kernels kernels) throws Exception {
        NamFile f = load(NamDocuments.everyField(ActivationFunction.tanh()), 8, false);
        float[] x = TestData.tones(9, 2500);
        StreamingModel m = f.newModel(kernels);
        m.prepare(4096);
        float[] whole = m.processOffline(x);
        for (int block : new int[] {1, 64, 97, 4096}) {
            float[] y = WaveNetTest.stream(m, x, block);
            if (kernels.name().equals("scalar")) {
                assertArrayEquals(whole, y, "blocks of " + block);
            } else {
                assertArrayEquals(whole, y, (float) (1e-5 * NamModernFilesTest.peak(whole)), "blocks of " + block);
            }
        }
    }

    @ParameterizedTest(name = "{0} fastTanh={1}")
    @MethodSource("dev.convstream.model.WaveNetAllocationTest#kernelsAndTanh")
    @Tag("allocation")
    void processAndResetAllocateNothing(Kernels kernels, boolean fastTanh) throws Exception {
        StreamingModel model = load(NamDocuments.everyField(ActivationFunction.tanh()), 10, fastTanh).newModel(kernels);
        model.prepare(8);
        float[] x = TestData.tones(1, 8);
        float[] y = new float[8];
        // a budget rather than a count: on a loaded machine C2 may compile late (see AllocationMeter)
        long bytes = new AllocationMeter().allocatedOnceCompiled(() -> WaveNetAllocationTest.run(model, x, y, 5_000), 60_000_000_000L);
        assertEquals(0, bytes, "bytes allocated by process calls and a reset");
    }
}
