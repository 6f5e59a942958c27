package dev.convstream.features;

import dev.convstream.check.Limits;
import dev.convstream.features.cnn.CnnArchitecture;
import dev.convstream.features.io.SafeTensors;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.HostileFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CNN architectures and safetensors files a careless or hostile user might hand to {@code features}. */
class CnnHostileFilesTest {

    @TempDir
    Path dir;

    private Path rawSafetensors(String header, int dataBytes) throws IOException {
        return HostileFiles.rawSafetensors(dir.resolve("w.safetensors"), header, dataBytes);
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message lacks '" + p + "': " + message);
        }
    }

    @Test
    void aDilationOfTwoToTheThirtyIsRefusedWithItsSpanNotAnEmptyAxis() throws Exception {
        Path a = Files.writeString(dir.resolve("arch.json"), HostileFiles.oneConvCnn("[1073741824, 1]"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CnnArchitecture.read(a));
        assertContains(e.getMessage(), a.toString(), "dilation[0] 1073741824 with kernel_size[0] 3 spans 2147483649",
                "limit of " + Limits.MAX_RECEPTIVE_FIELD);
        CnnArchitecture.parse(HostileFiles.oneConvCnn("[2, 1]"));
    }

    @Test
    void aShapeOfThreeAndAHalfIsNotReadAsThree() throws Exception {
        Path w = rawSafetensors("{\"c.bias\": {\"dtype\": \"F32\", \"shape\": [3.5], \"data_offsets\": [0, 12]}}", 12);
        IOException e = assertThrows(IOException.class, () -> SafeTensors.open(w));
        assertContains(e.getMessage(), w.toString(), "tensor 'c.bias' has an invalid shape [3.5]");
    }

    @Test
    void overlappingDataOffsetsAreRefusedNamingBothTensors() throws Exception {
        Path w = rawSafetensors("{\"a\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]},"
                + " \"b\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [8, 24]}}", 24);
        IOException e = assertThrows(IOException.class, () -> SafeTensors.open(w));
        assertContains(e.getMessage(), w.toString(), "'a' data_offsets [0, 16] and 'b' [8, 24] overlap");
        Path ok = rawSafetensors("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + " \"e\": {\"dtype\": \"F32\", \"shape\": [0], \"data_offsets\": [4, 4]},"
                + " \"b\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [8, 24]}}", 24);
        assertEquals(3, SafeTensors.open(ok).entries().size(), "adjacent and empty ranges are not overlaps");
    }

    @Test
    void aNanWeightIsRefusedByTensorAndElement() throws Exception {
        Path a = Files.writeString(dir.resolve("arch.json"), HostileFiles.oneConvCnn("1"));
        Path w = dir.resolve("w.safetensors");
        SafeTensors.write(w, Map.of("c.weight", Tensor.wrap(new float[] {1, Float.NaN, 2}, 1, 1, 3, 1),
                "c.bias", Tensor.wrap(new float[] {0}, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureExtractor.load(a, w));
        assertContains(e.getMessage(), "w.safetensors", "tensor 'c.weight' element 1 is NaN; every weight must be finite");
        SafeTensors.write(w, Map.of("c.weight", Tensor.wrap(new float[] {1, 0, 2}, 1, 1, 3, 1),
                "c.bias", Tensor.wrap(new float[] {Float.POSITIVE_INFINITY}, 1)));
        e = assertThrows(IllegalArgumentException.class, () -> FeatureExtractor.load(a, w));
        assertContains(e.getMessage(), "tensor 'c.bias' element 0 is Infinity");
    }

    @Test
    void finiteWeightsLoad() throws Exception {
        Path a = Files.writeString(dir.resolve("arch.json"), HostileFiles.oneConvCnn("1"));
        Path w = dir.resolve("w.safetensors");
        SafeTensors.write(w, Map.of("c.weight", Tensor.wrap(new float[] {1, 0, 2}, 1, 1, 3, 1),
                "c.bias", Tensor.wrap(new float[] {0.5f}, 1)));
        FeatureExtractor.load(a, w);
    }
}
