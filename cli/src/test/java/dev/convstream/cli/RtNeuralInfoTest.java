package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convstream info model.json} on an RTNeural Keras-export model. */
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
}
