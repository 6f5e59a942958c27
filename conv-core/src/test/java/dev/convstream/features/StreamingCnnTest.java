package dev.convstream.features;

import dev.convstream.features.cnn.CnnArchitecture;
import dev.convstream.features.cnn.CnnWeights;
import dev.convstream.features.cnn.StreamingCnn;
import dev.convstream.kernel.Kernels;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.KernelFamilies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * StreamingCnn frame by frame equals FeatureExtractor.forwardFrames delayed by its declared
 * delay, for stacks exercising every streamable option. Not bit-exact (per-frame GEMMs sum in
 * another order than the offline im2col): 1e-5 relative + 1e-5 absolute on O(1) values.
 */
class StreamingCnnTest {

    static final String HEAD = "{\"format\":\"convstream.cnn/1\",\"input\":{\"channels\":2,\"mel_bands\":13},\"layers\":[";

    static Stream<Arguments> stacks() {
        String pools = HEAD
                + "{\"type\":\"conv2d\",\"name\":\"a\",\"in_channels\":2,\"out_channels\":4,\"kernel_size\":[2,3],"
                + "\"padding\":[[1,0],[1,1]]},"
                + "{\"type\":\"avgpool2d\",\"kernel_size\":[1,3],\"stride\":[1,2],\"padding\":[0,1],\"ceil_mode\":true,"
                + "\"count_include_pad\":false},"
                + "{\"type\":\"maxpool2d\",\"kernel_size\":[1,2],\"stride\":[1,2],\"ceil_mode\":true},"
                + "{\"type\":\"activation\",\"function\":\"silu\"}]}";
        String dilatedGrouped = HEAD
                + "{\"type\":\"conv2d\",\"name\":\"a\",\"in_channels\":2,\"out_channels\":6,\"kernel_size\":[3,3],"
                + "\"dilation\":[3,2],\"stride\":[1,2],\"groups\":2,\"padding\":[[6,0],[2,1]],\"padding_mode\":\"zeros\"},"
                + "{\"type\":\"batchnorm2d\",\"name\":\"b\",\"num_features\":6},"
                + "{\"type\":\"activation\",\"function\":\"gelu\"},"
                + "{\"type\":\"conv2d\",\"name\":\"c\",\"in_channels\":6,\"out_channels\":3,\"kernel_size\":[1,3],"
                + "\"padding\":[[0,0],[1,1]],\"padding_mode\":\"replicate\"},"
                + "{\"type\":\"global_avg_pool\"}]}";
        String delayed = HEAD
                + "{\"type\":\"dwsep_conv2d\",\"name\":\"a\",\"in_channels\":2,\"out_channels\":5,\"kernel_size\":[5,3],"
                + "\"padding\":[[2,2],[1,1]],\"padding_mode\":\"zeros\"},"
                + "{\"type\":\"batchnorm2d\",\"name\":\"b\",\"num_features\":5,\"affine\":false},"
                + "{\"type\":\"activation\",\"function\":\"leaky_relu\",\"negative_slope\":0.2},"
                + "{\"type\":\"conv2d\",\"name\":\"c\",\"in_channels\":5,\"out_channels\":4,\"kernel_size\":[3,1],"
                + "\"padding\":[[0,0],[0,0]]},"
                + "{\"type\":\"conv2d\",\"name\":\"d\",\"in_channels\":4,\"out_channels\":4,\"kernel_size\":[1,3],"
                + "\"padding\":[[0,0],[1,1]],\"padding_mode\":\"circular\",\"bias\":false},"
                + "{\"type\":\"activation\",\"function\":\"sigmoid\"}]}";
        return KernelFamilies.both().flatMap(k -> Stream.of(
                Arguments.of("pools", pools, 0, k),
                Arguments.of("dilatedGrouped", dilatedGrouped, 0, k),
                Arguments.of("delayed", delayed, 2 + 2, k)));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("stacks")
    void streamEqualsOfflineDelayed(String name, String json, int delay, Kernels kernels) {
        Random r = new Random(name.hashCode());
        FeatureExtractor fx = randomExtractor(r, json, kernels);
        int frames = 40;
        int mels = 13;
        Tensor x = Tensor.zeros(1, 2, frames, mels);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) r.nextGaussian();
        }
        Tensor offline = fx.forwardFrames(x);
        StreamingCnn stream = fx.streaming();
        stream.prepare(1);
        assertEquals(delay, stream.latency());
        int c = stream.outputSize();
        assertEquals(offline.dim(1), c);
        float[] frame = new float[2 * mels];
        float[] out = new float[c];
        for (int t = 0; t < frames; t++) {
            for (int ch = 0; ch < 2; ch++) {
                System.arraycopy(x.data(), (ch * frames + t) * mels, frame, ch * mels, mels);
            }
            stream.step(frame, 0, out, 0);
            int j = t - delay;
            for (int ch = 0; ch < c; ch++) {
                float want = j < 0 ? 0f : offline.data()[ch * offline.dim(2) + j];
                assertEquals(want, out[ch], 1e-5 * (1 + Math.abs(want)), name + " frame " + t + " channel " + ch);
            }
        }
    }

    /** The architecture with random weights from {@code r} and positive variances. */
    static FeatureExtractor randomExtractor(Random r, String json, Kernels kernels) {
        CnnArchitecture arch = CnnArchitecture.parse(json);
        Map<String, Tensor> w = new LinkedHashMap<>();
        CnnWeights.required(arch).forEach((n, shape) -> {
            Tensor t = Tensor.zeros(shape);
            for (int i = 0; i < t.size(); i++) {
                t.data()[i] = n.endsWith("running_var") ? 0.5f + r.nextFloat() : (float) (0.5 * r.nextGaussian());
            }
            w.put(n, t);
        });
        return new FeatureExtractor(arch, CnnWeights.of(arch, w), kernels);
    }

    /** As a FrameProcessor: blocks of any size up to maxBlockSize give what single frames give. */
    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("stacks")
    void blocksOfFramesEqualSingleFrames(String name, String json, int delay, Kernels kernels) {
        FeatureExtractor fx = randomExtractor(new Random(name.hashCode()), json, kernels);
        StreamingCnn single = fx.streaming();
        StreamingCnn blocks = fx.streaming();
        single.prepare(1);
        blocks.prepare(9);
        int frames = 30;
        float[] x = new float[frames * single.inputSize()];
        Random r = new Random(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int c = single.outputSize();
        float[] one = new float[frames * c];
        for (int t = 0; t < frames; t++) {
            assertTrue(single.step(x, t * single.inputSize(), one, t * c));
        }
        float[] many = new float[frames * c];
        int t = 0;
        for (int n : new int[] {9, 1, 4, 9, 7}) {
            assertEquals(n, blocks.process(x, t * blocks.inputSize(), many, t * c, n));
            t += n;
        }
        assertArrayEquals(one, many);
        assertThrows(IllegalArgumentException.class, () -> blocks.process(x, 0, many, 0, 10));
        assertThrows(IllegalStateException.class, () -> fx.streaming().process(x, 0, many, 0, 1));
    }
}
