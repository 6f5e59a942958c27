package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.batch.TestAudio;
import dev.convstream.features.io.Npy;
import dev.convstream.features.rtneural.RtNeuralLoader;
import dev.convstream.features.rtneural.RtNeuralModel;
import dev.convstream.kernel.Kernels;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.TestWav;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convstream info model.json} on RTNeural models (Keras export, PyTorch state_dict with its layer list). */
class RtNeuralInfoTest {

    private static String conv2d(int kt, int d, String padding) {
        StringBuilder w = new StringBuilder("[");
        for (int k = 0; k < kt; k++) {
            w.append(k == 0 ? "" : ",").append("[[[0.5]]]");
        }
        return "{\"type\":\"conv2d\",\"activation\":\"tanh\",\"shape\":[null,null,1,1],\"kernel_size_time\":" + kt
                + ",\"kernel_size_feature\":1,\"dilation\":" + d + ",\"strides\":1,\"num_filters_in\":1,"
                + "\"num_features_in\":1,\"num_filters_out\":1,\"padding\":\"" + padding + "\",\"weights\":[" + w
                + "],[0.0]]}";
    }

    @Test
    void describesLayersAndTheDelayOfMixedPadding(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("model.json");
        Files.writeString(json, "{\"in_shape\":[null,null,1,1],\"layers\":[" + conv2d(3, 2, "valid") + ","
                + conv2d(4, 1, "same") + "]}");
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("info", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("RTNeural model (Keras export), frame of 1 values -> 1 values"), r.out());
        assertTrue(r.out().contains("conv2d 1->1 kt=3") && r.out().contains("valid")
                && r.out().contains("kt=4") && r.out().contains("same"), r.out());
        // valid: (3-1)*2 = 4; same: (4-1)*1 = 3 less TensorFlow's left pad 1 = 2
        assertTrue(r.out().contains("6 frame(s) behind the Keras model"), r.out());
    }

    @Test
    void aBrokenRtNeuralModelIsOneClearError(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bad.json");
        Files.writeString(json, "{\"in_shape\":[null,null,1,1],\"layers\":[{\"type\":\"gru\"}]}");
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("info", json.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("gru") || r.err().contains("GRU"), r.err());
    }

    /** A PyTorch state_dict (RTNeural's torch export) carrying its layer list: conv1d k=3 d=2 then GRU then dense. */
    private static String torchModel() {
        return "{\"convstream_torch_layers\": ["
                + "{\"type\": \"conv1d\", \"prefix\": \"conv.\", \"in\": 1, \"out\": 2, \"kernel_size\": 3, \"dilation\": 2,"
                + " \"activation\": \"tanh\"},"
                + "{\"type\": \"gru\", \"prefix\": \"rec.\", \"in\": 2, \"out\": 1},"
                + "{\"type\": \"dense\", \"prefix\": \"out.\", \"in\": 1, \"out\": 1}],"
                + "\"conv.weight\": [[[0.1, 0.2, 0.3]], [[-0.1, 0.0, 0.5]]], \"conv.bias\": [0.0, 0.1],"
                + "\"rec.weight_ih_l0\": [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], \"rec.weight_hh_l0\": [[0.1], [0.2], [0.3]],"
                + "\"rec.bias_ih_l0\": [0.0, 0.0, 0.0], \"rec.bias_hh_l0\": [0.0, 0.0, 0.0],"
                + "\"out.weight\": [[2.0]], \"out.bias\": [0.5]}";
    }

    @Test
    void describesATorchExportWithItsLayerList(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("torch.json");
        Files.writeString(json, torchModel());
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("info", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("RTNeural model (PyTorch state_dict export), frame of 1 values -> 1 values"), r.out());
        assertTrue(r.out().contains("conv1d 1->2 k=3 d=2") && r.out().contains("gru 2->1")
                && r.out().contains("dense 1->1"), r.out());
        assertTrue(r.out().contains("4 frame(s) behind the PyTorch model (conv1d unpadded"), r.out()); // (3-1)*2
    }

    /** A Keras GRU (read since RTNeural's model_loader reads it) and a torch ConvTranspose1d whose padding is its delay. */
    @Test
    void describesAKerasGruAndATransposedConvWithItsPadding(@TempDir Path dir) throws Exception {
        Path keras = dir.resolve("gru.json");
        Files.writeString(keras, "{\"in_shape\":[null,null,1],\"layers\":[{\"type\":\"gru\",\"activation\":\"tanh\","
                + "\"shape\":[null,null,1],\"weights\":[[[0.1,0.2,0.3]],[[0.4,0.5,0.6]],[[0,0,0],[0,0,0]]]}]}");
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("info", keras.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("keras gru 1->1"), r.out());
        Path torch = dir.resolve("tconv.json");
        Files.writeString(torch, "{\"convstream_torch_layers\": [{\"type\": \"convtranspose1d\", \"prefix\": \"\","
                + " \"in\": 1, \"out\": 1, \"kernel_size\": 3, \"padding\": 1}], \"weight\": [[[0.5, 0.25, 0.125]]],"
                + " \"bias\": [0.0]}");
        r = FeaturesCommandTest.run("info", torch.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("convtranspose1d 1->1 k=3 d=1 padding=1"), r.out());
        assertTrue(r.out().contains("1 frame(s) behind the PyTorch model"), r.out());
    }

    /** A 8 -> 2 dense layer as a Keras export and as a torch state_dict ([out][in]) gives the same features. */
    @Test
    void featuresModelReadsTheTorchExportLikeTheKerasOne(@TempDir Path dir) throws Exception {
        short[] s = TestAudio.signal(16_000, 1, 0.6, 42);
        TestWav.write(dir.resolve("a.wav"), s, 16_000, 1, AudioFileFormat.Type.WAVE);
        StringBuilder keras = new StringBuilder();
        StringBuilder torch = new StringBuilder("[");
        StringBuilder row1 = new StringBuilder("[");
        for (int i = 0; i < 8; i++) {
            float a = 0.1f * (i + 1);
            float b = i % 2 == 0 ? 0.05f : -0.05f;
            keras.append(i == 0 ? "" : ",").append("[").append(a).append(",").append(b).append("]");
            torch.append(i == 0 ? "" : ",").append(a);
            row1.append(i == 0 ? "" : ",").append(b);
        }
        Files.writeString(dir.resolve("keras.json"), "{\"in_shape\":[null,null,8],\"layers\":[{\"type\":\"dense\","
                + "\"activation\":\"tanh\",\"shape\":[null,null,2],\"weights\":[[" + keras + "],[0.5,-1.0]]}]}");
        Files.writeString(dir.resolve("torch.json"), "{\"convstream_torch_layers\": [{\"type\": \"dense\", \"prefix\": \"fc.\","
                + " \"in\": 8, \"out\": 2, \"activation\": \"tanh\"}], \"fc.weight\": [" + torch + "], " + row1 + "]],"
                + " \"fc.bias\": [0.5, -1.0]}");
        for (String m : new String[] {"keras", "torch"}) {
            FeaturesCommandTest.Run r = FeaturesCommandTest.run("features", dir.resolve("a.wav").toString(), "-o",
                    dir.resolve(m).toString(), "--n-mels", "8", "--model", dir.resolve(m + ".json").toString());
            assertEquals(0, r.code(), r.err());
        }
        Tensor k = Npy.read(dir.resolve("keras/a.wav.npy"));
        Tensor t = Npy.read(dir.resolve("torch/a.wav.npy"));
        assertArrayEquals(k.shape(), t.shape());
        assertArrayEquals(k.data(), t.data());
    }

    @Test
    void aTorchStateDictWithoutItsLayerListSaysWhatIsMissing(@TempDir Path dir) throws Exception {
        short[] s = TestAudio.signal(16_000, 1, 0.2, 42);
        TestWav.write(dir.resolve("a.wav"), s, 16_000, 1, AudioFileFormat.Type.WAVE);
        Path json = dir.resolve("bare.json");
        Files.writeString(json, "{\"dense.weight\": [[1.0]], \"dense.bias\": [0.0]}");
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("features", dir.resolve("a.wav").toString(), "-o",
                dir.resolve("out").toString(), "--n-mels", "8", "--model", json.toString());
        assertEquals(2, r.code(), r.err()); // features reports a model that does not fit as a usage error
        assertTrue(r.err().contains("convstream_torch_layers"), r.err());
    }

    /** A micro-TCN of one block, 8 -> 8 channels, k=2, d=2, BatchNorm1d and PReLU(8), then PReLU() flat. */
    private static String tcnModel() {
        StringBuilder w = new StringBuilder("[");
        StringBuilder vec = new StringBuilder("[");
        StringBuilder res = new StringBuilder("[");
        for (int o = 0; o < 8; o++) {
            w.append(o == 0 ? "" : ",").append("[");
            for (int i = 0; i < 8; i++) {
                w.append(i == 0 ? "" : ",").append("[").append(0.01f * (o - i)).append(",").append(0.02f * (i + 1)).append("]");
            }
            w.append("]");
            vec.append(o == 0 ? "" : ",").append(0.1f * (o + 1));
            res.append(o == 0 ? "" : ",").append("[[").append(0.5f - 0.1f * o).append("]]");
        }
        w.append("]");
        vec.append("]");
        res.append("]");
        return "{\"convstream_torch_layers\": [{\"type\": \"tcn_block\", \"prefix\": \"blocks.0.\", \"in\": 8, \"out\": 8,"
                + " \"kernel_size\": 2, \"dilation\": 2}, {\"type\": \"prelu\", \"prefix\": \"act.\", \"in\": 8}],"
                + " \"blocks.0.conv1.weight\": " + w + ", \"blocks.0.bn.weight\": " + vec + ", \"blocks.0.bn.bias\": " + vec
                + ", \"blocks.0.bn.running_mean\": " + vec + ", \"blocks.0.bn.running_var\": " + vec
                + ", \"blocks.0.relu.weight\": " + vec + ", \"blocks.0.res.weight\": " + res + ", \"act.weight\": [0.2]}";
    }

    @Test
    void describesAMicroTcnBlockAndItsDelay(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("tcn.json");
        Files.writeString(json, tcnModel());
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("info", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("RTNeural model (PyTorch state_dict export), frame of 8 values -> 8 values"), r.out());
        assertTrue(r.out().contains("tcn_block 8->8 k=2 d=2") && r.out().contains("residual=newest"), r.out());
        assertTrue(r.out().contains("2 frame(s) behind the PyTorch model"), r.out()); // (2-1)*2
    }

    /** {@code features --model tcn.json} is the model stepped over the plain features, from zero history. */
    @Test
    void featuresModelRunsAMicroTcnOverTheFeatureFrames(@TempDir Path dir) throws Exception {
        short[] s = TestAudio.signal(16_000, 1, 0.6, 42);
        TestWav.write(dir.resolve("a.wav"), s, 16_000, 1, AudioFileFormat.Type.WAVE);
        Files.writeString(dir.resolve("tcn.json"), tcnModel());
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("features", dir.resolve("a.wav").toString(), "-o",
                dir.resolve("plain").toString(), "--n-mels", "8");
        assertEquals(0, r.code(), r.err());
        r = FeaturesCommandTest.run("features", dir.resolve("a.wav").toString(), "-o", dir.resolve("tcn").toString(),
                "--n-mels", "8", "--model", dir.resolve("tcn.json").toString());
        assertEquals(0, r.code(), r.err());
        Tensor plain = Npy.read(dir.resolve("plain/a.wav.npy")); // [frames][8]
        Tensor got = Npy.read(dir.resolve("tcn/a.wav.npy"));
        int frames = plain.dim(0);
        RtNeuralModel m = new RtNeuralLoader(Kernels.preferred()).load(dir.resolve("tcn.json"));
        float[] want = new float[frames * 8];
        m.prepare(frames);
        m.process(plain.data(), want, frames);
        assertArrayEquals(new int[] {frames, 8}, got.shape());
        assertArrayEquals(want, got.data());
    }
}
