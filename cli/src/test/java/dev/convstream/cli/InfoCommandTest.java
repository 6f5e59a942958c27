package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import dev.convstream.model.nam.NamFile;
import dev.convstream.model.nam.NamLoader;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {

    /** NeuralAmpModelerCore's "A1 standard" WaveNet (MIT, license beside it): the shape of published captures. */
    private static final String A1 = "wavenet_a1_standard.nam";

    private static NamFile a1() {
        try (InputStream in = InfoCommandTest.class.getResourceAsStream(A1)) {
            return new NamLoader().read(in, A1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path copyA1(Path dir) throws java.io.IOException {
        Path model = dir.resolve("a1.nam");
        try (InputStream in = InfoCommandTest.class.getResourceAsStream(A1)) {
            Files.copy(in, model);
        }
        return model;
    }

    @Test
    void a1StandardNumbers() {
        // MACs = weights - biases: 13,802 - 10*(16+16) - 10*(8+8) - 1 head bias = 13,321
        assertEquals(13_321, ModelInfo.macsPerSample(a1()));
        assertEquals(13_802, ModelInfo.parameters(a1()));
        assertEquals(1 + 2 * 2 * 1023, ModelInfo.receptiveField(a1()).getAsInt());
    }

    @Test
    void describesTheWaveNetAndMeasuresIt(@TempDir Path dir) throws Exception {
        Path model = copyA1(dir);
        String out = run("info", model.toString(), "--warmup", "0.2", "--measure", "0.2");
        assertTrue(out.contains("WaveNet (NAM file version 0.5.0)"), out);
        assertTrue(out.contains("parameters        13,802"), out);
        assertTrue(out.contains("MACs per sample   13,321"), out);
        assertTrue(out.contains("4,093 samples = 85.3 ms"), out);
        assertTrue(out.matches("(?s).*real-time factor  [0-9.]+x on this machine .*64-sample blocks.*"), out);
    }

    @Test
    void tanhOptionChoosesAndReportsTheTanhItMeasured(@TempDir Path dir) throws Exception {
        Path model = copyA1(dir);
        String exact = run("info", model.toString(), "--warmup", "0.1", "--measure", "0.1");
        assertTrue(exact.contains("tanh              exact"), exact);
        assertTrue(!exact.contains("FastTanh") && exact.contains(", Tanh"), exact);
        assertTrue(exact.matches("(?s).*real-time factor  [0-9.]+x on this machine \\(exact tanh,.*"), exact);
        String fast = run("info", model.toString(), "--tanh", "fast", "--warmup", "0.1", "--measure", "0.1");
        assertTrue(fast.contains("tanh              fast (NAM core's fast_tanh"), fast);
        assertTrue(fast.contains(", FastTanh") && !fast.contains(", Tanh"), "every layer array runs fast: " + fast);
        assertTrue(fast.matches("(?s).*real-time factor  [0-9.]+x on this machine \\(fast tanh,.*"), fast);
        assertEquals(2, ConvstreamCommand.execute("info", model.toString(), "--tanh", "quick", "--measure", "0"));
    }

    @Test
    void describesALinearModel(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("fir.nam");
        Files.writeString(model, "{\"version\": \"0.5.0\", \"architecture\": \"Linear\", \"sample_rate\": 44100,"
                + " \"config\": {\"receptive_field\": 4, \"bias\": true}, \"weights\": [0.5, 0.25, 0.125, 0.0625, 0.01],"
                + " \"metadata\": {\"name\": \"tiny\"}}");
        String out = run("info", model.toString(), "--measure", "0");
        assertTrue(out.contains("Linear"), out);
        assertTrue(out.contains("FIR of 4 taps + bias, implementation auto"), out);
        assertTrue(out.contains("44100 Hz"), out);
        assertTrue(out.contains("parameters        5"), out);
        assertTrue(out.contains("4 samples = 0.1 ms"), out);
        assertTrue(out.contains("name=tiny"), out);
        assertTrue(out.contains("no Tanh in this model"), out);
    }

    /** {@code n} small weights, as a JSON list. */
    private static String weights(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ", ").append((i % 7 - 3) * 0.05);
        }
        return b.append(']').toString();
    }

    @Test
    void describesAnLstmByItsStateAndPrewarm(@TempDir Path dir) throws Exception {
        // 1 layer of 2 units: 4*2*(1+2) + 6*2 = 36, head 2 + 1: 39 weights; 4 + 24 + 2 = 26 MACs.
        Path model = Files.writeString(dir.resolve("lstm.nam"), "{\"version\": \"0.5.4\", \"architecture\": \"LSTM\","
                + " \"config\": {\"input_size\": 1, \"hidden_size\": 2, \"num_layers\": 1}, \"sample_rate\": 48000,"
                + " \"weights\": " + weights(39) + "}");
        String out = run("info", model.toString(), "--measure", "0");
        assertTrue(out.contains("LSTM (NAM file version 0.5.4)"), out);
        assertTrue(out.contains("1 LSTM layer of 2 units (input 1), linear head"), out);
        assertTrue(out.contains("parameters        39"), out);
        assertTrue(out.contains("MACs per sample   26"), out);
        assertTrue(out.contains("state size        4 floats"), out);
        assertTrue(out.contains("after 24,000 samples of silence"), out);
        assertTrue(out.contains("tanh              exact, tanh and sigmoid"), out);
        String fast = run("info", model.toString(), "--tanh", "fast", "--measure", "0.2", "--warmup", "0.1");
        assertTrue(fast.contains("fast sigmoid"), fast);
        assertTrue(fast.matches("(?s).*real-time factor  [0-9.]+x on this machine \\(fast tanh,.*"), fast);
    }

    @Test
    void describesAConvNetByItsBlocksAndReceptiveField(@TempDir Path dir) throws Exception {
        // 2 channels, dilations 1 and 2, no batch norm: (4 + 2) + (8 + 2) + 3 = 19 weights, 4 + 8 + 2 = 14 MACs.
        Path model = Files.writeString(dir.resolve("convnet.nam"), "{\"version\": \"0.5.4\", \"architecture\":"
                + " \"ConvNet\", \"config\": {\"channels\": 2, \"dilations\": [1, 2], \"batchnorm\": false,"
                + " \"activation\": \"Tanh\"}, \"sample_rate\": 48000, \"weights\": " + weights(19) + "}");
        String out = run("info", model.toString(), "--measure", "0");
        assertTrue(out.contains("ConvNet (NAM file version 0.5.4)"), out);
        assertTrue(out.contains("ConvNet(channels=2, k=2, dilations=[1, 2], Tanh), 1x1 head"), out);
        assertTrue(out.contains("parameters        19"), out);
        assertTrue(out.contains("MACs per sample   14"), out);
        assertTrue(out.contains("receptive field   4 samples"), out);
        assertTrue(run("info", model.toString(), "--tanh", "fast", "--measure", "0").contains("FastTanh"));
    }

    @Test
    void describesACnnArchitecture(@TempDir Path dir) throws Exception {
        Path arch = dir.resolve("cnn.json");
        Files.writeString(arch, "{\"format\": \"convstream.cnn/1\", \"input\": {\"channels\": 1, \"mel_bands\": 8},"
                + " \"layers\": [{\"type\": \"conv2d\", \"name\": \"c\", \"in_channels\": 1, \"out_channels\": 4,"
                + " \"kernel_size\": [3, 3], \"padding\": [[2, 0], [1, 1]]}, {\"type\": \"activation\", \"function\": \"relu\"},"
                + " {\"type\": \"global_avg_pool\"}]}");
        String out = run("info", arch.toString(), "--warmup", "0.1", "--measure", "0.1");
        // 4 filters of 3x3 plus 4 biases
        assertTrue(out.contains("parameters        40"), out);
        // one more frame (H = time, causal padding 2 before): 8 mel columns ('same' in mel) x 4 channels x 9 taps
        assertTrue(out.contains("MACs per frame    288"), out);
        // 3x3 kernel: 3 bands x 3 frames = 2 hops of 512 at 48 kHz = 21.3 ms; causal in time: no delay
        assertTrue(out.contains("3 frames x 3 mel bands; 3 frames = 21.3 ms"), out);
        assertTrue(out.contains("streaming delay   0 frames"), out);
        assertTrue(out.contains("real-time factor"), out);
    }

    @Test
    void missingFileIsAFailure(@TempDir Path dir) {
        assertEquals(1, ConvstreamCommand.execute("info", dir.resolve("none.nam").toString(), "--measure", "0"));
        assertEquals(2, ConvstreamCommand.execute("info"));
    }

    /** A container lists its submodels, says which plays, and measures that one; --size picks as NAM does. */
    @Test
    void describesAContainerAndTheSubmodelThatPlays(@TempDir Path dir) throws Exception {
        Path model = dev.convstream.testing.NamDocuments.write(dir.resolve("both.nam"),
                dev.convstream.testing.NamDocuments.container(
                        dev.convstream.testing.NamDocuments.waveNet(dev.convstream.testing.NamDocuments.TINY, 1, 48_000, "s"),
                        dev.convstream.testing.NamDocuments.waveNet(dev.convstream.testing.NamDocuments.twoArrays(true,
                                "Tanh", "ReLU"), 2, 48_000, "f")));
        String out = run("info", model.toString(), "--warmup", "0.1", "--measure", "0.1");
        assertTrue(out.contains("SlimmableContainer (NAM file version 0.7.0)"), out);
        assertTrue(out.contains("submodel 0: sizes below 0.5, WaveNet (version 0.5.4)"), out);
        assertTrue(out.contains("submodel 1: sizes below 1.0, WaveNet (version 0.5.4)"), out);
        assertTrue(out.contains("submodel          1 plays (NAM core's default"), out);
        assertTrue(out.contains("Tanh gated by Sigmoid"), "submodel 1's layers are described: " + out);
        assertTrue(out.matches("(?s).*real-time factor .*submodel 1\\).*"), out);
        String small = run("info", model.toString(), "--size", "0.2", "--measure", "0");
        assertTrue(small.contains("submodel          0 plays (picked by --size 0.2)"), small);
        assertTrue(small.contains("receptive field   " + dev.convstream.testing.NamDocuments.TINY.receptiveField()
                + " samples"), small);
        assertEquals(2, ConvstreamCommand.execute("info", copyA1(dir).toString(), "--size", "0.5", "--measure", "0"));
        assertEquals(2, ConvstreamCommand.execute("info", model.toString(), "--size", "1.5", "--measure", "0"));
    }

    @Test
    void describesAConditionDspOfAnotherArchitecture(@TempDir Path dir) throws Exception {
        Path model = dev.convstream.testing.NamDocuments.write(dir.resolve("cond.nam"),
                dev.convstream.testing.NamDocuments.withConditionDsp(
                        dev.convstream.testing.NamDocuments.lstm(3, 1, 2, 0, 5), 2, 6));
        String out = run("info", model.toString(), "--measure", "0");
        assertTrue(out.contains("condition DSP (2 outputs, 74 parameters)"), out);
        assertTrue(out.contains("LSTM: 1 layer(s) of 3 units, 1 input(s), 2 output(s), state 6 floats,"
                + " prewarm 24,000 samples"), out);
        assertTrue(run("info", model.toString(), "--tanh", "fast", "--measure", "0").contains("fast tanh and sigmoid"));
    }

    private static String run(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int code;
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            code = ConvstreamCommand.execute(args);
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        return out;
    }
}
