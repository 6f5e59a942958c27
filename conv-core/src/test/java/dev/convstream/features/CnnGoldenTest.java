package dev.convstream.features;

import dev.convstream.features.cnn.CnnArchitecture;
import dev.convstream.features.cnn.CnnWeights;
import dev.convstream.features.cnn.StreamingCnn;
import dev.convstream.features.io.SafeTensors;
import dev.convstream.kernel.Kernels;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.KernelFamilies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON + safetensors CNN against the numpy reference (golden/cnn_*), offline and streamed.
 *
 * <p>Tolerance 1e-4 absolute vs the float64 reference: activations are O(1), each output sums
 * at most 72 products in float32 (relative error ~ 72 * 6e-8 of the sum of |terms|, a few
 * units), and five layers compound that to ~1e-5; 1e-4 leaves margin while any wrong tap,
 * padding or layout moves values by 1e-2 or more.
 */
class CnnGoldenTest {

    static FeatureExtractor golden(Kernels kernels) throws IOException {
        return FeatureExtractor.load(FeatureGolden.path("cnn_arch.json"), FeatureGolden.path("cnn.safetensors"), kernels);
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void embeddingMatchesNumpy(Kernels kernels) throws IOException {
        Tensor out = golden(kernels).forward(FeatureGolden.tensor("cnn_input"));
        Tensor want = FeatureGolden.tensor("cnn_embedding");
        assertArrayEquals(want.shape(), out.shape());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.data()[i], out.data()[i], 1e-4, "embedding[" + i + "]");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void perFrameFeaturesMatchNumpy(Kernels kernels) throws IOException {
        Tensor out = golden(kernels).forwardFrames(FeatureGolden.tensor("cnn_input"));
        Tensor want = FeatureGolden.tensor("cnn_frames");
        assertArrayEquals(want.shape(), out.shape());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.data()[i], out.data()[i], 1e-4, "frame value " + i);
        }
    }

    /**
     * The stream equals the offline per-frame output delayed by the declared delay (1 frame:
     * the dwsep block pads time by 1 on each side). Not bit-exact (per-frame GEMMs sum in
     * another order than the whole-map im2col), so 1e-5 absolute on O(1) values.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void streamEqualsOfflineWithDeclaredDelay(Kernels kernels) throws IOException {
        FeatureExtractor fx = golden(kernels);
        Tensor input = FeatureGolden.tensor("cnn_input");
        Tensor offline = fx.forwardFrames(input);
        StreamingCnn stream = fx.streaming();
        stream.prepare(1);
        assertEquals(1, stream.latency());
        int frames = input.dim(2);
        int mels = input.dim(3);
        int c = stream.outputSize();
        float[] out = new float[c];
        for (int t = 0; t < frames; t++) {
            stream.step(input.data(), t * mels, out, 0); // time-major: frame t is one contiguous row
            int j = t - stream.latency();
            for (int ch = 0; ch < c; ch++) {
                float want = j < 0 ? 0f : offline.data()[ch * offline.dim(2) + j];
                assertEquals(want, out[ch], 1e-5, "frame " + t + " channel " + ch);
            }
        }
    }

    @Test
    void safetensorsReaderReadsF16AndListsNonFloatTensors() throws IOException {
        SafeTensors st = SafeTensors.open(FeatureGolden.path("cnn.safetensors"));
        assertEquals("F16", st.entries().get("features.4.pointwise.bias").dtype());
        assertEquals("I64", st.entries().get("features.1.num_batches_tracked").dtype());
        assertEquals("pt", st.metadata().get("format"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> st.tensor("features.1.num_batches_tracked"));
        assertTrue(e.getMessage().contains("I64"), e.getMessage());
    }

    @Test
    void weightProblemsAreAllReportedByName(@TempDir Path dir) throws IOException {
        CnnArchitecture arch = CnnArchitecture.read(FeatureGolden.path("cnn_arch.json"));
        SafeTensors good = SafeTensors.open(FeatureGolden.path("cnn.safetensors"));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : good.entries().keySet()) {
            if (good.entries().get(name).isFloat()) {
                tensors.put(name, good.tensor(name));
            }
        }
        tensors.remove("features.7.bias");
        tensors.put("features.0.weight", Tensor.zeros(8, 1, 3, 2));
        tensors.put("classifier.weight", Tensor.zeros(10, 12));
        Path file = dir.resolve("bad.safetensors");
        SafeTensors.write(file, tensors);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CnnWeights.bind(arch, SafeTensors.open(file)));
        String m = e.getMessage();
        assertTrue(m.contains("missing tensor 'features.7.bias', expected shape [12]"), m);
        assertTrue(m.contains("tensor 'features.0.weight' has shape [8, 1, 3, 2], expected [8, 1, 3, 3]"), m);
        assertTrue(m.contains("unexpected tensor 'classifier.weight'"), m);
        assertTrue(m.contains("3 problems"), m);
    }

    @Test
    void safetensorsRoundTripsThroughItsWriter(@TempDir Path dir) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", Tensor.of(new float[] {1.5f, -2f, 3.25f, Float.MIN_VALUE, -0f, 1e30f}, 2, 3));
        tensors.put("b.bias", Tensor.of(new float[] {7f}, 1));
        Path file = dir.resolve("w.safetensors");
        SafeTensors.write(file, tensors);
        SafeTensors st = SafeTensors.open(file);
        assertEquals(tensors.keySet(), st.entries().keySet());
        assertArrayEquals(tensors.get("a").data(), st.tensor("a").data());
        assertArrayEquals(new int[] {2, 3}, st.tensor("a").shape());
        assertArrayEquals(new float[] {7f}, st.tensor("b.bias").data());
    }

    @Test
    void truncatedSafetensorsIsRejectedNamingTheTensor(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("w.safetensors");
        SafeTensors.write(file, Map.of("layer.weight", Tensor.zeros(4, 4)));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        IOException e = assertThrows(IOException.class, () -> SafeTensors.open(file));
        assertTrue(e.getMessage().contains("'layer.weight'"), e.getMessage());
    }

    @Test
    void halfPrecisionConvertsExactly() throws IOException {
        // 1.0, -2.0, 65504 (max), smallest subnormal 2^-24, +inf
        short[] bits = {0x3c00, (short) 0xc000, 0x7bff, 0x0001, 0x7c00};
        float[] want = {1f, -2f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY};
        for (int i = 0; i < bits.length; i++) {
            assertEquals(want[i], HalfAccess.halfToFloat(bits[i]));
        }
    }

    @Test
    void bf16AndF64TensorsAreWidenedToFloat(@TempDir Path dir) throws IOException {
        // header and data written by hand: BF16 [1.0, -2.5] (0x3f80, 0xc020), F64 [0.1]
        String header = "{\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[4,12]}}";
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8 + h.length + 12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h).putShort((short) 0x3f80).putShort((short) 0xc020).putDouble(0.1);
        Path file = dir.resolve("mixed.safetensors");
        Files.write(file, buf.array());
        SafeTensors st = SafeTensors.open(file);
        assertArrayEquals(new float[] {1f, -2.5f}, st.tensor("b").data());
        assertArrayEquals(new float[] {0.1f}, st.tensor("d").data());
    }

    @Test
    void timeStrideIsRejectedForStreamingNamingTheLayer() {
        String json = "{\"format\":\"convstream.cnn/1\",\"input\":{\"channels\":1,\"mel_bands\":8},"
                + "\"layers\":[{\"type\":\"conv2d\",\"name\":\"c\",\"in_channels\":1,\"out_channels\":2,"
                + "\"kernel_size\":[3,3],\"stride\":[2,1],\"bias\":false}]}";
        CnnArchitecture arch = CnnArchitecture.parse(json);
        FeatureExtractor fx = new FeatureExtractor(arch, CnnWeights.of(arch, Map.of("c.weight", Tensor.zeros(2, 1, 3, 3))),
                Kernels.scalar());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, fx::streaming);
        assertTrue(e.getMessage().contains("layers[0] cannot stream") && e.getMessage().contains("time (H) stride 2"),
                e.getMessage());
    }

    @Test
    void architectureErrorsNameTheField() {
        String bad = "{\"format\":\"convstream.cnn/1\",\"input\":{\"channels\":1,\"mel_bands\":8},"
                + "\"layers\":[{\"type\":\"conv2d\",\"name\":\"c\",\"in_channels\":1,\"out_channels\":2,"
                + "\"kernel_size\":[3,3],\"strides\":2}]}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CnnArchitecture.parse(bad));
        assertTrue(e.getMessage().contains("layers[0]") && e.getMessage().contains("'strides'"), e.getMessage());
        String badType = bad.replace("\"conv2d\"", "\"lstm\"");
        e = assertThrows(IllegalArgumentException.class, () -> CnnArchitecture.parse(badType));
        assertTrue(e.getMessage().contains("unknown layer type 'lstm'"), e.getMessage());
    }

    @Test
    void timePoolingIsRejectedForStreamingNamingTheLayer() {
        String json = "{\"format\":\"convstream.cnn/1\",\"input\":{\"channels\":1,\"mel_bands\":8},"
                + "\"layers\":[{\"type\":\"maxpool2d\",\"kernel_size\":[2,2]}]}";
        CnnArchitecture arch = CnnArchitecture.parse(json);
        FeatureExtractor fx = new FeatureExtractor(arch, CnnWeights.of(arch, Map.of()), Kernels.scalar());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, fx::streaming);
        assertTrue(e.getMessage().contains("layers[0] cannot stream") && e.getMessage().contains("time kernel 2"),
                e.getMessage());
    }
}
