package dev.convstream.plugins.wavenet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.WaveNetConfig;
import dev.convstream.model.nam.NamActivations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Small {@code .nam} documents written by the tests: no shared model folder needed. */
final class NamDocs {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Two layer arrays, 3 and 2 channels, kernel 3 and 2, tanh: a real (if tiny) WaveNet. */
    static final WaveNetConfig CONFIG = new WaveNetConfig(List.of(
            new LayerArrayConfig(1, 1, 2, 3, 3, new int[] {1, 2, 4}, NamActivations.byName("Tanh"), false, false),
            new LayerArrayConfig(3, 1, 1, 2, 2, new int[] {1, 8}, NamActivations.byName("Tanh"), false, true)),
            0.5f);

    private NamDocs() {
    }

    /**
     * Writes a WaveNet model with random weights (from {@code seed}) to {@code path}.
     *
     * @param loudness {@code metadata.loudness}, or null to leave it out
     */
    static Path write(Path path, long seed, double sampleRate, Double loudness) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "0.5.4");
        root.put("architecture", "WaveNet");
        ObjectNode config = root.putObject("config");
        ArrayNode layers = config.putArray("layers");
        for (LayerArrayConfig a : CONFIG.layerArrays()) {
            ObjectNode l = layers.addObject();
            l.put("input_size", a.inputSize());
            l.put("condition_size", a.conditionSize());
            l.put("head_size", a.headSize());
            l.put("channels", a.channels());
            l.put("kernel_size", a.kernelSize());
            ArrayNode d = l.putArray("dilations");
            for (int v : a.dilations()) {
                d.add(v);
            }
            l.put("activation", NamActivations.nameOf(a.activation()));
            l.put("gated", a.gated());
            l.put("head_bias", a.headBias());
        }
        config.putNull("head");
        config.put("head_scale", CONFIG.headScale());
        Random r = new Random(seed);
        ArrayNode w = root.putArray("weights");
        for (long i = 0; i < CONFIG.weightCount(); i++) {
            w.add(r.nextFloat() - 0.5f);
        }
        root.put("sample_rate", sampleRate);
        ObjectNode meta = root.putObject("metadata");
        meta.put("name", "test model " + seed);
        if (loudness != null) {
            meta.put("loudness", loudness);
        }
        Files.createDirectories(path.toAbsolutePath().getParent());
        JSON.writeValue(path.toFile(), root);
        return path;
    }

    /** A model in a temporary file deleted when the JVM exits (for tests without a @TempDir). */
    static Path temporary(long seed, double sampleRate, Double loudness) throws IOException {
        Path p = Files.createTempFile("convstream-wavenet-" + seed + "-", ".nam");
        p.toFile().deleteOnExit();
        return write(p, seed, sampleRate, loudness);
    }
}
