package dev.convstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.check.Limits;
import dev.convstream.model.nam.NamFormatException;
import dev.convstream.model.nam.NamLoader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile but well-formed {@code .nam} files: refused with the field and the number, before any buffer is sized. */
class NamLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One array, one layer, 1 channel, k=3: 1 + (3+1+1+1+1) + 1+1 + 1 = 11 weights. */
    private static ObjectNode tiny() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"version": "0.5.2", "architecture": "WaveNet",
                 "config": {"layers": [{"input_size": 1, "condition_size": 1, "head_size": 1, "channels": 1,
                                        "kernel_size": 3, "dilations": [1], "activation": "Tanh", "gated": false,
                                        "head_bias": true}],
                            "head": null, "head_scale": 0.5},
                 "weights": [1, 0.5, 0.25, 0.125, 0, 1, 0, 1, 0, 1, 0.5]}
                """);
    }

    private static ObjectNode layer(ObjectNode root) {
        return (ObjectNode) root.get("config").get("layers").get(0);
    }

    private static String reject(ObjectNode root) {
        return assertThrows(NamFormatException.class, () -> new NamLoader().read(
                new ByteArrayInputStream(root.toString().getBytes(StandardCharsets.UTF_8)), "hostile.nam")).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message lacks '" + p + "': " + message);
        }
    }

    @Test
    void theTinyModelLoads() throws Exception {
        ObjectNode root = tiny();
        assertEquals(3, new NamLoader().read(new ByteArrayInputStream(root.toString().getBytes(StandardCharsets.UTF_8)),
                "tiny.nam").wavenet().receptiveField());
    }

    @Test
    void aDilationOfTwoToTheThirtyIsRefusedNotWrapped() throws Exception {
        ObjectNode root = tiny();
        ((ArrayNode) layer(root).get("dilations")).removeAll().add(1 << 30);
        // (3-1) * 2^30 + 1 = 2147483649 wraps to a negative int: the check is made in long.
        assertContains(reject(root), "hostile.nam: ", "receptive field of 2147483649 samples",
                "limit of " + Limits.MAX_RECEPTIVE_FIELD);
    }

    @Test
    void dilationsThatOverflowOnlyTogetherAreRefused() throws Exception {
        ObjectNode root = tiny();
        ArrayNode d = ((ArrayNode) layer(root).get("dilations")).removeAll();
        for (int i = 0; i < 4; i++) {
            d.add(Integer.MAX_VALUE / 2);
        }
        assertContains(reject(root), "receptive field of", "limit of " + Limits.MAX_RECEPTIVE_FIELD);
    }

    @Test
    void aMillionLayersIsRefusedByTheCostBoundBeforeTheWeightsAreCounted() throws Exception {
        ObjectNode root = tiny();
        layer(root).put("kernel_size", 1); // a receptive field of 1: only the cost bound can refuse it
        ArrayNode d = ((ArrayNode) layer(root).get("dilations")).removeAll();
        for (int i = 0; i < 1_000_000; i++) {
            d.add(1);
        }
        assertContains(reject(root), "1000000 layers exceed the limit of " + Limits.MAX_MODEL_LAYERS);
    }

    @Test
    void tooManyWeightsIsRefusedWithTheCountAndTheLimit() throws Exception {
        ObjectNode root = tiny();
        layer(root).put("channels", 1024).put("head_size", 1);
        // 1024 channels, k=3: 3*1024^2 conv weights alone exceed 2^20.
        String m = reject(root);
        assertContains(m, "weights (about as many multiply-adds per sample) exceed the limit of " + Limits.MAX_MODEL_WEIGHTS);
    }

    @Test
    void aWeightThatIsInfiniteAsAFloatIsRefusedByIndex() throws Exception {
        ObjectNode root = tiny();
        ((ArrayNode) root.get("weights")).set(3, JSON.getNodeFactory().numberNode(1e39));
        assertContains(reject(root), "hostile.nam: ", "weights[3] = 1.0E39 is not a finite float32");
    }

    @Test
    void loudnessAndGainOutOfRangeAreRefusedByField() throws Exception {
        for (String field : new String[] {"loudness", "gain"}) {
            for (double v : new double[] {1e308, -1e308, 301}) {
                ObjectNode root = tiny();
                root.putObject("metadata").put(field, v);
                assertContains(reject(root), "hostile.nam: ", "metadata." + field + " must be in [-300, 300] dB");
            }
            ObjectNode ok = tiny();
            ok.putObject("metadata").put(field, -300);
            new NamLoader().read(new ByteArrayInputStream(ok.toString().getBytes(StandardCharsets.UTF_8)), "ok.nam");
        }
    }
}
