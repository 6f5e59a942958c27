package dev.convstream.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.model.nam.NamActivations;
import dev.convstream.model.nam.NamFile;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.WaveNetConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * NAM model files for tests: WaveNet documents (format 0.5.4) with random weights written by the
 * tests themselves, and the shared folder of real NAM files when it is present.
 */
public final class NamDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Two layer arrays, 3 and 2 channels, kernel 3 and 2, tanh: a real (if tiny) WaveNet. */
    public static final WaveNetConfig TINY = new WaveNetConfig(List.of(
            new LayerArrayConfig(1, 1, 2, 3, 3, new int[] {1, 2, 4}, NamActivations.byName("Tanh"), false, false),
            new LayerArrayConfig(3, 1, 1, 2, 2, new int[] {1, 8}, NamActivations.byName("Tanh"), false, true)),
            0.5f);

    private NamDocuments() {
    }

    /**
     * Two layer arrays (4 channels, kernel 3, dilations 1, 2, 4; then 3 channels, kernel 2,
     * dilations 3, 7, head bias) with the given gating and activations.
     */
    public static WaveNetConfig twoArrays(boolean gated, String activation0, String activation1) {
        return new WaveNetConfig(List.of(
                new LayerArrayConfig(1, 1, 3, 4, 3, new int[] {1, 2, 4}, NamActivations.byName(activation0), gated,
                        false),
                new LayerArrayConfig(4, 1, 1, 3, 2, new int[] {3, 7}, NamActivations.byName(activation1), gated,
                        true)),
                0.02f);
    }

    /**
     * A WaveNet document of {@code config} with weights uniform in [-0.5, 0.5) drawn from
     * {@code seed}, and {@code metadata.name}; add other metadata to {@code metadata} yourself.
     */
    public static ObjectNode waveNet(WaveNetConfig config, long seed, double sampleRate, String name) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "0.5.4");
        root.put("architecture", "WaveNet");
        ObjectNode c = root.putObject("config");
        ArrayNode layers = c.putArray("layers");
        for (LayerArrayConfig a : config.layerArrays()) {
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
        c.putNull("head");
        c.put("head_scale", config.headScale());
        Random r = new Random(seed);
        ArrayNode w = root.putArray("weights");
        for (long i = 0; i < config.weightCount(); i++) {
            w.add(r.nextFloat() - 0.5f);
        }
        if (sampleRate == Math.rint(sampleRate)) {
            root.put("sample_rate", (long) sampleRate); // as NAM writes it
        } else {
            root.put("sample_rate", sampleRate);
        }
        root.putObject("metadata").put("name", name);
        return root;
    }

    /**
     * {@link #twoArrays} at 44.1 kHz, named {@code "random <seed>"}, with {@code loudness} -18.5
     * and {@code gear_make} "test" in its metadata.
     */
    public static ObjectNode randomWaveNet(long seed, boolean gated, String activation0, String activation1) {
        ObjectNode root = waveNet(twoArrays(gated, activation0, activation1), seed, 44_100, "random " + seed);
        ObjectNode meta = (ObjectNode) root.get("metadata");
        meta.put("loudness", -18.5);
        meta.put("gear_make", "test");
        return root;
    }

    /**
     * An LSTM document (format 0.5.4, 48 kHz) of {@code layers} layers of {@code hidden} units with
     * weights, biases, {@code h0}, {@code c0} and head uniform in [-0.5, 0.5) drawn from {@code seed}.
     */
    public static ObjectNode lstm(int hidden, int layers, long seed) {
        ObjectNode root = header("LSTM");
        ObjectNode c = (ObjectNode) root.get("config");
        c.put("input_size", 1);
        c.put("hidden_size", hidden);
        c.put("num_layers", layers);
        long count = 0;
        for (int l = 0; l < layers; l++) {
            count += 4L * hidden * ((l == 0 ? 1 : hidden) + hidden) + 6L * hidden;
        }
        Random r = new Random(seed);
        ArrayNode w = root.putArray("weights");
        for (long i = 0; i < count + hidden + 1; i++) {
            w.add(r.nextFloat() - 0.5f);
        }
        return root;
    }

    /**
     * A ConvNet document (format 0.5.4, 48 kHz) with weights from {@code seed}: conv weights and
     * biases uniform in [-0.5, 0.5); with batch norm, running means in [-0.5, 0.5), running
     * variances in [0.25, 1.25), scales in [0.5, 1.5), shifts in [-0.5, 0.5), eps 1e-5.
     */
    public static ObjectNode convNet(int channels, int[] dilations, boolean batchNorm, String activation, long seed) {
        ObjectNode root = header("ConvNet");
        ObjectNode c = (ObjectNode) root.get("config");
        c.put("channels", channels);
        ArrayNode d = c.putArray("dilations");
        for (int v : dilations) {
            d.add(v);
        }
        c.put("batchnorm", batchNorm);
        c.put("activation", activation);
        Random r = new Random(seed);
        ArrayNode w = root.putArray("weights");
        for (int i = 0; i < dilations.length; i++) {
            uniform(w, r, channels * (i == 0 ? 1 : channels) * 2, -0.5f);
            if (batchNorm) {
                uniform(w, r, channels, -0.5f);
                uniform(w, r, channels, 0.25f);
                uniform(w, r, channels, 0.5f);
                uniform(w, r, channels, -0.5f);
                w.add(1e-5f);
            } else {
                uniform(w, r, channels, -0.5f);
            }
        }
        uniform(w, r, channels + 1, -0.5f);
        return root;
    }

    private static ObjectNode header(String architecture) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "0.5.4");
        root.put("architecture", architecture);
        root.putObject("config");
        root.put("sample_rate", 48_000);
        root.putObject("metadata").put("name", architecture + " test");
        return root;
    }

    /** {@code n} values uniform in [from, from + 1). */
    private static void uniform(ArrayNode w, Random r, int n, float from) {
        for (int i = 0; i < n; i++) {
            w.add(from + r.nextFloat());
        }
    }

    /** {@code document} through {@link NamLoader} (with NAM core's fast tanh or the exact one), named {@code "test.nam"}. */
    public static NamFile read(ObjectNode document, boolean fastTanh) throws IOException {
        return new NamLoader().withFastTanh(fastTanh).read(new java.io.ByteArrayInputStream(JSON.writeValueAsBytes(document)),
                "test.nam");
    }

    /** Writes {@code document} to {@code path}, creating its folder. */
    public static Path write(Path path, ObjectNode document) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(path.toFile(), document);
        return path;
    }

    /**
     * Writes a {@link #TINY} model with random weights from {@code seed}, named {@code "test model <seed>"}.
     *
     * @param loudness {@code metadata.loudness}, or null to leave it out
     */
    public static Path write(Path path, long seed, double sampleRate, Double loudness) throws IOException {
        ObjectNode root = waveNet(TINY, seed, sampleRate, "test model " + seed);
        if (loudness != null) {
            ((ObjectNode) root.get("metadata")).put("loudness", loudness);
        }
        return write(path, root);
    }

    /** {@link #write(Path, long, double, Double)} to a temporary file deleted when the JVM exits. */
    public static Path temporary(long seed, double sampleRate, Double loudness) throws IOException {
        Path p = Files.createTempFile("convstream-wavenet-" + seed + "-", ".nam");
        p.toFile().deleteOnExit();
        return write(p, seed, sampleRate, loudness);
    }

    /**
     * The folder with the shared NAM files: {@code -Dconvstream.nam.dir}, else the first
     * {@code shared/nam} found walking up from the working directory (the module dir, the repo
     * root, or a worktree beside the shared folder). Empty when users do not have it.
     */
    public static Optional<Path> sharedNamDir() {
        String prop = System.getProperty("convstream.nam.dir");
        if (prop != null && Files.isDirectory(Paths.get(prop))) {
            return Optional.of(Paths.get(prop));
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("nam");
            if (Files.isRegularFile(candidate.resolve("wavenet.nam"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
