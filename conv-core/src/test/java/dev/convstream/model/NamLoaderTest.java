package dev.convstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamFile;
import dev.convstream.model.nam.NamFormatException;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.testing.NamDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loader on documents the tests write themselves: no shared folder needed. */
class NamLoaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The smallest WaveNet: one array, one layer, 1 channel, k=1. 1+(1+1+1+1+1)+1+1 = 8 weights. */
    private static final String TINY = """
            {"version": "0.5.2", "architecture": "WaveNet",
             "config": {"layers": [{"input_size": 1, "condition_size": 1, "head_size": 1, "channels": 1,
                                    "kernel_size": 1, "dilations": [1], "activation": "ReLU", "gated": false,
                                    "head_bias": true}],
                        "head": null, "head_scale": 0.5},
             "weights": [2, 3, 0.5, 4, 5, 0.25, 6, 0.125, 10]}
            """;

    private static NamFile read(String json, String name) throws Exception {
        return new NamLoader().read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), name);
    }

    private static NamFormatException reject(String json, String name) {
        return assertThrows(NamFormatException.class, () -> read(json, name));
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        }
    }

    @Test
    void loadsATinyWaveNetWithDefaultsForMissingFields() throws Exception {
        NamFile f = read(TINY, "tiny.nam");
        assertEquals("0.5.2", f.version());
        assertEquals("WaveNet", f.architecture());
        assertEquals(48_000, f.sampleRate(), "missing sample_rate means 48 kHz");
        assertNull(f.metadata().name());
        assertEquals(9, f.weights().length);
        assertEquals(1, f.wavenet().layerArrays().size());
        assertEquals(ActivationFunction.relu(), f.wavenet().layerArrays().get(0).layers().get(0).activation());
    }

    @Test
    void tinyWaveNetComputesTheReadmeEquationsByHand() throws Exception {
        // rechannel 2: h = 2x. conv: z = 3h + 0.5 + mixin 4x = 10x + 0.5. a = relu(z).
        // head = a; h += 5a + 0.25. head out = 6*head + 0.125; y = 10 * that (last weight overrides 0.5).
        StreamingModel m = read(TINY, "tiny.nam").newModel(Kernels.scalar());
        m.prepare(4);
        float[] y = new float[4];
        m.process(new float[] {0, 1, -1, 0.5f}, y, 4);
        float[] expected = new float[4];
        float[] x = {0, 1, -1, 0.5f};
        for (int t = 0; t < 4; t++) {
            float a = Math.max(0, 10 * x[t] + 0.5f);
            expected[t] = 10 * (6 * a + 0.125f);
        }
        assertArrayEquals(expected, y, 1e-5f);
    }

    @Test
    void keepsSampleRateAndMetadata(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("meta.nam");
        ObjectNode root = NamDocuments.randomWaveNet(1, false, "Tanh", "Tanh");
        ((ObjectNode) root.get("metadata")).put("gain", 0.75);
        ((ObjectNode) root.get("metadata")).putObject("training").put("validation_esr", 0.01);
        JSON.writeValue(file.toFile(), root);
        NamFile f = new NamLoader().load(file);
        assertEquals(44_100, f.sampleRate());
        assertEquals("random 1", f.metadata().name());
        assertEquals(-18.5, f.metadata().loudness());
        assertEquals(0.75, f.metadata().gain());
        assertEquals("test", f.metadata().other().get("gear_make"));
        assertEquals(Map.of("validation_esr", 0.01), f.metadata().other().get("training"));
    }

    @Test
    void wrongWeightCountSaysExpectedAndFoundAndTheFile() {
        String json = TINY.replace("[2, 3, 0.5, 4, 5, 0.25, 6, 0.125, 10]", "[2, 3, 0.5, 4, 5, 0.25, 6, 0.125]");
        assertMessage(reject(json, "short.nam"), "short.nam: ", "expected 9 weights, found 8");
    }

    @Test
    void lstmWithTheWrongWeightCountSaysExpectedAndFound() {
        // 1 layer of 16: 4*16*(1+16) + 6*16 = 1184, head 16 + 1: 1201 weights.
        String json = """
                {"version": "0.5.4", "architecture": "LSTM",
                 "config": {"input_size": 1, "hidden_size": 16, "num_layers": 1}, "weights": [1, 2]}""";
        assertMessage(reject(json, "amp-lstm.nam"), "amp-lstm.nam: ", "architecture LSTM", "expected 1201 weights, found 2");
    }

    @Test
    void lstmWithoutAFieldNamesIt() {
        String json = """
                {"version": "0.5.4", "architecture": "LSTM",
                 "config": {"input_size": 1, "num_layers": 1}, "weights": [1, 2]}""";
        assertMessage(reject(json, "l.nam"), "l.nam: ", "config.hidden_size is missing");
    }

    @Test
    void anLstmOfSeveralChannelsOrInputsLoadsWithItsChannelCounts() throws Exception {
        String json = """
                {"version": "0.5.4", "architecture": "LSTM",
                 "config": {"input_size": 1, "hidden_size": 2, "num_layers": 1, "out_channels": 2},
                 "weights": [%s]}""";
        // 4*2*(1+2) + 4*2 + 2 + 2 (b, h0, c0) + 2*2 + 2 (head) = 42; with 3 inputs, 4*2*(3+2) + 12 + 6 = 58
        NamFile two = read(json.formatted(zeros(42)), "l2.nam");
        assertEquals(1, two.inputChannels());
        assertEquals(2, two.outputChannels());
        NamFile three = read(json.formatted(zeros(58)).replace("\"input_size\": 1", "\"input_size\": 3"), "l3.nam");
        assertEquals(3, three.inputChannels());
        assertEquals(2, three.newModel().outputChannels());
    }

    private static String zeros(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "0"));
    }

    @Test
    void convNetWithTheWrongWeightCountSaysExpectedAndFound() {
        // 2 channels, dilations [1, 2], no batch norm: (2*1*2 + 2) + (2*2*2 + 2) + 2 + 1 = 19.
        String json = """
                {"version": "0.5.4", "architecture": "ConvNet",
                 "config": {"channels": 2, "dilations": [1, 2], "batchnorm": false, "activation": "Tanh"},
                 "weights": [1, 2, 3]}""";
        assertMessage(reject(json, "c.nam"), "c.nam: ", "architecture ConvNet", "expected 19 weights, found 3");
    }

    @Test
    void convNetWithoutAFieldOrWithABadOneNamesIt() {
        String json = """
                {"version": "0.5.4", "architecture": "ConvNet",
                 "config": {"channels": 2, "dilations": [1, 2], "activation": "Tanh"}, "weights": []}""";
        assertMessage(reject(json, "c.nam"), "c.nam: ", "config.batchnorm must be true or false, found null");
        String withBatchNorm = json.replace("\"activation", "\"batchnorm\": true, \"activation");
        assertMessage(reject(withBatchNorm.replace("\"Tanh\"", "\"Tahn\""), "c.nam"), "c.nam: ",
                "unknown activation 'Tahn'");
        assertMessage(reject(withBatchNorm.replace("[1, 2]", "[1, 0]"), "c.nam"), "c.nam: ", "dilation must be >= 1");
        assertMessage(reject(TINY.replace("\"WaveNet\"", "\"ConvNet\""), "w.nam"), "w.nam: ", "unknown field 'layers'");
    }

    @Test
    void anUnknownArchitectureIsRejectedByNameWithTheSupportedOnes() {
        String json = """
                {"version": "0.5.4", "architecture": "Transformer", "config": {}, "weights": []}""";
        assertMessage(reject(json, "t.nam"), "t.nam: ", "architecture 'Transformer' is not supported",
                "WaveNet, LSTM, ConvNet, Linear, SlimmableContainer");
    }

    @Test
    void rejectsBothKernelSizeAndKernelSizesByName() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(TINY);
        ((ObjectNode) root.get("config").get("layers").get(0)).putArray("kernel_sizes").add(2);
        assertMessage(reject(root.toString(), "new.nam"), "new.nam: ", "config.layers[0]",
                "exactly one of kernel_size and kernel_sizes", "found both");
    }

    @Test
    void rejectsAPostStackHeadWithoutItsFields() {
        String json = TINY.replace("\"head\": null", "\"head\": {\"channels\": 4}");
        assertMessage(reject(json, "h.nam"), "h.nam: ", "config.head.kernel_sizes");
    }

    @Test
    void rejectsUnknownLayerFields() {
        String json = TINY.replace("\"gated\": false", "\"gated\": false, \"wobble\": 3");
        assertMessage(reject(json, "w.nam"), "w.nam: ", "unknown field 'wobble'", "config.layers[0]");
    }

    @Test
    void rejectsVersionsNamCoreRejectsNamingWhatIsSupported() {
        for (String v : new String[] {"0.8.0", "1.0.0", "0.4.9", "0.10.0"}) {
            assertMessage(reject(TINY.replace("0.5.2", v), "v.nam"), "v.nam: ", "file version " + v + " is not supported",
                    "supported: 0.5.0 to 0.7.x");
        }
        for (String v : new String[] {"0.5", "0.6.0-beta", "v0.6.0", "0.6.0.1"}) {
            assertMessage(reject(TINY.replace("0.5.2", v), "v.nam"), "v.nam: ", "file version '" + v + "'",
                    "MAJOR.MINOR.PATCH", "supported: 0.5.0 to 0.7.x");
        }
    }

    @Test
    void rejectsUnknownActivations() {
        assertMessage(reject(TINY.replace("\"ReLU\"", "\"Wiggle\""), "a.nam"), "a.nam: ", "unknown activation 'Wiggle'");
    }

    @Test
    void rejectsMismatchedLayerArrays() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(TINY);
        ((ObjectNode) root.get("config").get("layers").get(0)).put("head_size", 2);
        // a head of 2 makes a model of 2 outputs, whose head weights the file lacks
        assertMessage(reject(root.toString(), "m.nam"), "m.nam: ", "expected 11 weights, found 9");
    }

    @Test
    void rejectsMalformedJsonWithTheFileName() {
        assertMessage(reject("{\"version\": ", "broken.nam"), "broken.nam: ", "not valid JSON");
    }

    @Test
    void loadsLinearAsAnFirNewestTapFirst() throws Exception {
        String json = """
                {"version": "0.5.4", "architecture": "Linear", "config": {"receptive_field": 3, "bias": true},
                 "weights": [1, 0.5, 0.25, 0.125], "sample_rate": 48000}""";
        StreamingModel m = read(json, "fir.nam").newModel(Kernels.scalar());
        assertEquals(3, m.receptiveField());
        m.prepare(8);
        float[] y = new float[5];
        m.process(new float[] {1, 0, 0, 0, 2}, y, 5);
        // y[t] = 0.125 + x[t] + 0.5 x[t-1] + 0.25 x[t-2]
        assertArrayEquals(new float[] {1.125f, 0.625f, 0.375f, 0.125f, 2.125f}, y);
    }

    @Test
    void linearWeightCountIsChecked() {
        String json = """
                {"version": "0.5.4", "architecture": "Linear", "config": {"receptive_field": 3, "bias": false},
                 "weights": [1, 0.5, 0.25, 0.125]}""";
        assertMessage(reject(json, "fir.nam"), "fir.nam: ", "expected 3 weights, found 4");
    }

    @Test
    void linearWithUnequalChannelCountsPlaysThoseChannels() throws Exception {
        String json = """
                {"version": "0.5.4", "architecture": "Linear",
                 "config": {"receptive_field": 1, "bias": false, "in_channels": 2}, "weights": [0.5]}""";
        StreamingModel m = read(json, "fir2.nam").newModel(Kernels.scalar());
        assertEquals(2, m.inputChannels());
        assertEquals(1, m.outputChannels());
        m.prepare(4);
        float[][] y = new float[1][2];
        m.process(new float[][] {{1, 2}, {8, 8}}, 0, y, 0, 2);
        // the shared layout (one response, R + bias weights): output 0 is input 0 through it
        assertArrayEquals(new float[] {0.5f, 1f}, y[0]);
    }

    @Test
    void linearWithEqualChannelCountsAndAnImplementationLoads() throws Exception {
        String json = """
                {"version": "0.5.4", "architecture": "Linear",
                 "config": {"receptive_field": 2, "bias": true, "in_channels": 2, "out_channels": 2,
                            "implementation": "Partitioned_FFT"}, "weights": [1, 0.5, 0.25]}""";
        NamFile f = read(json, "fir2.nam");
        assertEquals(new NamFile.FirConfig(2, true, 2, "fft"), f.fir());
        assertEquals("direct", read(json.replace("Partitioned_FFT", "legacy"), "f.nam").fir().implementation());
        assertEquals("auto", read(json.replace("\"implementation\": \"Partitioned_FFT\"", "\"bias\": true")
                .replace("\"bias\": true,", ""), "f.nam").fir().implementation());
        assertMessage(reject(json.replace("Partitioned_FFT", "gpu"), "f.nam"), "f.nam: ", "config.implementation",
                "found \"gpu\"");
    }

    @Test
    void withFastTanhMakesEveryTanhFastAndKeepsTheGatesSigmoid() throws Exception {
        ObjectNode doc = NamDocuments.waveNet(NamDocuments.twoArrays(true, "Tanh", "Sigmoid"), 21, 48_000, "gated");
        byte[] bytes = JSON.writeValueAsBytes(doc);
        NamLoader exactLoader = new NamLoader();
        NamLoader fastLoader = exactLoader.withFastTanh(true);
        assertTrue(fastLoader.fastTanh());
        assertTrue(!exactLoader.fastTanh(), "exact is the default");
        NamFile exact = exactLoader.read(new ByteArrayInputStream(bytes), "gated.nam");
        NamFile fast = fastLoader.read(new ByteArrayInputStream(bytes), "gated.nam");
        assertEquals(NamDocuments.twoArrays(true, "Tanh", "Sigmoid"), exact.wavenet());
        assertEquals(NamDocuments.twoArrays(true, "Fasttanh", "Sigmoid"), fast.wavenet());
        assertArrayEquals(exact.weights(), fast.weights());
        float[] x = dev.convstream.testing.TestData.tones(4, 2000);
        for (Kernels k : dev.convstream.testing.KernelFamilies.list()) {
            StreamingModel m = fast.newModel(k);
            m.prepare(64);
            float[] y = WaveNetTest.stream(m, x, 64);
            // the naive reference computes fast_tanh (and the gates' exact sigmoid) in double
            WaveNetTest.assertClose(WaveNetTest.reference(fast.wavenet(), fast.weights(), x), y, "fast, " + k.name());
            StreamingModel e = exact.newModel(k);
            e.prepare(64);
            float[] ye = WaveNetTest.stream(e, x, 64);
            double diff = 0;
            for (int t = 0; t < x.length; t++) {
                diff = Math.max(diff, Math.abs(ye[t] - y[t]));
            }
            assertTrue(diff > 1e-6, "fast and exact tanh should differ, max difference " + diff);
        }
    }

    @Test
    void withFastTanhLeavesLinearModelsAlone() throws Exception {
        String json = """
                {"version": "0.5.4", "architecture": "Linear", "config": {"receptive_field": 3, "bias": true},
                 "weights": [1, 0.5, 0.25, 0.125]}""";
        NamFile f = new NamLoader().withFastTanh(true).read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                "fir.nam");
        assertEquals(read(json, "fir.nam").fir(), f.fir());
        assertArrayEquals(new float[] {1, 0.5f, 0.25f, 0.125f}, f.weights());
    }

}
