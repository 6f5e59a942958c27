package dev.convstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.model.nam.NamActivations;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.Random;

/** Test data: the shared NAM folder when present, random .nam documents, WAV reading. */
public final class NamFixtures {
    private NamFixtures() {
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

    /** A 0.5.4 WaveNet document of two layer arrays with random weights and biases. */
    static ObjectNode randomWaveNet(ObjectMapper m, long seed, boolean gated, String act0, String act1) {
        WaveNetConfig cfg = new WaveNetConfig(java.util.List.of(
                new LayerArrayConfig(1, 1, 3, 4, 3, new int[] {1, 2, 4}, NamActivations.byName(act0), gated, false),
                new LayerArrayConfig(4, 1, 1, 3, 2, new int[] {3, 7}, NamActivations.byName(act1), gated, true)),
                0.02f);
        ObjectNode root = m.createObjectNode();
        root.put("version", "0.5.4");
        root.put("architecture", "WaveNet");
        ObjectNode config = root.putObject("config");
        ArrayNode layers = config.putArray("layers");
        for (LayerArrayConfig a : cfg.layerArrays()) {
            layers.add(layer(m, a));
        }
        config.putNull("head");
        config.put("head_scale", 0.02);
        Random r = new Random(seed);
        ArrayNode w = root.putArray("weights");
        for (long i = 0; i < cfg.weightCount(); i++) {
            w.add(r.nextFloat() - 0.5f);
        }
        root.put("sample_rate", 44100);
        ObjectNode meta = root.putObject("metadata");
        meta.put("name", "random " + seed);
        meta.put("loudness", -18.5);
        meta.put("gear_make", "test");
        return root;
    }

    static ObjectNode layer(ObjectMapper m, LayerArrayConfig a) {
        ObjectNode l = m.createObjectNode();
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
        return l;
    }

    /** A 24/16-bit PCM mono WAV as floats in [-1, 1). */
    public static float[] readWav(Path path) throws Exception {
        try (AudioInputStream s = AudioSystem.getAudioInputStream(path.toFile())) {
            AudioFormat f = s.getFormat();
            int bytes = f.getSampleSizeInBits() / 8;
            if (f.getChannels() != 1 || f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || (bytes != 2 && bytes != 3)) {
                throw new IOException("expected mono 16/24-bit signed PCM, found " + f);
            }
            byte[] data = s.readAllBytes();
            float[] x = new float[data.length / bytes];
            for (int i = 0; i < x.length; i++) {
                int v = 0;
                for (int b = 0; b < bytes; b++) {
                    int idx = f.isBigEndian() ? i * bytes + b : i * bytes + bytes - 1 - b;
                    v = b == 0 ? data[idx] : (v << 8) | (data[idx] & 0xff); // first byte keeps the sign
                }
                x[i] = v / (float) (1 << (8 * bytes - 1));
            }
            return x;
        }
    }

    /** Test input: a few tones and noise, within [-1, 1]. */
    static float[] signal(long seed, int n) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int t = 0; t < n; t++) {
            x[t] = (float) (0.5 * Math.sin(t * 0.031) + 0.3 * Math.sin(t * 0.0071 + 1) + 0.2 * (r.nextDouble() - 0.5));
        }
        return x;
    }
}
