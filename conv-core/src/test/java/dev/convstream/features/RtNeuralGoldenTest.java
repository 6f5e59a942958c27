package dev.convstream.features;

import dev.convstream.features.rtneural.RtNeuralLoader;
import dev.convstream.features.rtneural.RtNeuralModel;
import dev.convstream.kernel.Kernels;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.KernelFamilies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RTNeural JSON models against the numpy reference of the same causal, zero-history model
 * (golden/rtneural_*). Tolerance 1e-5 absolute: outputs are squashed (sigmoid/softmax/tanh)
 * into [-1, 1], each sum has at most 27 float32 products of O(1) terms (error ~1e-6), and
 * two to three layers compound that; a wrong tap order or layout changes values by 1e-2 or more.
 */
class RtNeuralGoldenTest {

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void oneDimensionalModelMatchesNumpy(Kernels kernels) throws IOException {
        check("rtneural_1d", kernels, 2, 3, (3 - 1) * 2 + (2 - 1));
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void twoDimensionalModelMatchesNumpy(Kernels kernels) throws IOException {
        check("rtneural_2d", kernels, 8, 4, 1 + 2 * 2);
    }

    /** TensorFlow's asymmetric "same" feature padding (F % stride != 0), time dilation, per-position softmax. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void sameFeaturePaddingWithStrideMatchesNumpy(Kernels kernels) throws IOException {
        // Both conv2d layers are "same": the second (history (2-1)*3 = 3) leads by 3 - 3 // 2 = 2.
        check("rtneural_2d_same", kernels, 7 * 2, 2 * 2, (2 - 1) * 3 - ((2 - 1) * 3) / 2);
    }

    private static void check(String name, Kernels kernels, int in, int out, int validDelay) throws IOException {
        RtNeuralModel model = new RtNeuralLoader(kernels).load(FeatureGolden.path(name + ".json"));
        assertEquals(in, model.inputSize());
        assertEquals(out, model.outputSize());
        assertEquals(0, model.latency());
        assertEquals(validDelay, model.validPaddingDelay());
        Tensor x = FeatureGolden.tensor(name + "_x");
        double[] want = FeatureGolden.doubles(name + "_y");
        int frames = x.dim(0);
        float[] y = new float[frames * out];
        model.prepare(frames);
        for (int pass = 0; pass < 2; pass++) { // reset() must restore zero history
            model.reset();
            model.process(x.data(), y, frames);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], y[i], 1e-5, name + " pass " + pass + " frame " + i / out + " value " + i % out);
            }
        }
    }

    /** GRU and LSTM are read (RtNeuralKerasRecurrentTest); one without its three weight arrays is one clear error. */
    @Test
    void aRecurrentLayerWithoutWeightsNamesTheLayer() {
        String json = "{\"in_shape\":[null,null,1],\"layers\":[{\"type\":\"gru\",\"activation\":\"\",\"shape\":[null,null,8],"
                + "\"weights\":[]}]}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RtNeuralLoader(Kernels.scalar()).parse(json));
        assertEquals("layers[0].weights: expected 3 arrays, found 0 arrays", e.getMessage());
    }

    @Test
    void wrongWeightShapeNamesLayerAndKey() throws IOException {
        String json = Files.readString(FeatureGolden.path("rtneural_1d.json"))
                .replace("\"kernel_size\": [3]", "\"kernel_size\": [4]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RtNeuralLoader(Kernels.scalar()).parse(json));
        assertTrue(e.getMessage().contains("layers[0].weights[0] has shape [3, 2, 4], expected [4, 2, 4]"), e.getMessage());
    }

    @Test
    void unknownActivationIsRejected() {
        String json = "{\"in_shape\":[null,null,2],\"layers\":[{\"type\":\"activation\",\"activation\":\"swish\","
                + "\"weights\":[]}]}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RtNeuralLoader(Kernels.scalar()).parse(json));
        assertTrue(e.getMessage().contains("layers[0].activation") && e.getMessage().contains("'swish'"), e.getMessage());
    }

    /** As a FrameProcessor: blocks of frames give what single frames give; use before prepare is refused. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void blocksOfFramesEqualSingleFrames(Kernels kernels) throws IOException {
        RtNeuralModel single = new RtNeuralLoader(kernels).load(FeatureGolden.path("rtneural_2d_same.json"));
        RtNeuralModel blocks = new RtNeuralLoader(kernels).load(FeatureGolden.path("rtneural_2d_same.json"));
        Tensor x = FeatureGolden.tensor("rtneural_2d_same_x");
        int frames = x.dim(0);
        int in = single.inputSize();
        int out = single.outputSize();
        assertThrows(IllegalStateException.class, () -> blocks.process(x.data(), new float[out], 1));
        single.prepare(1);
        blocks.prepare(3);
        float[] one = new float[frames * out];
        for (int t = 0; t < frames; t++) {
            single.step(x.data(), t * in, one, t * out);
        }
        float[] many = new float[frames * out];
        for (int t = 0; t < frames; t += 3) {
            int n = Math.min(3, frames - t);
            assertEquals(n, blocks.process(x.data(), t * in, many, t * out, n));
        }
        assertArrayEquals(one, many);
    }
}
