package dev.convstream.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.model.nam.NamFile;
import dev.convstream.model.nam.NamLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.convstream.activation.ActivationFunction;
import dev.convstream.model.FilmConfig;
import dev.convstream.model.FilmSite;
import dev.convstream.model.GatingMode;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.LayerConfig;
import dev.convstream.model.WaveNetConfig;
import dev.convstream.model.nam.NamActivations;

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
     * A WaveNet with every 0.6/0.7 field at a value other than its default: a condition DSP (a
     * gated A1 WaveNet with 2 outputs); array 0 with bottleneck 2 of 4 channels, per-layer kernel
     * sizes, activations (per-channel PReLU, Softsign, LeakyHardtanh with parameters) and gating
     * modes (blended, gated with Tanh, none), grouped dilated convs, mixins, layer 1x1 and head
     * 1x1, all eight FiLMs (with and without shift, some grouped), a head conv of kernel 3,
     * dilation 2; array 1 without layer 1x1 (identity residual), LeakyReLU(0.2), a kernel-2 head
     * without bias; a post-stack head of two convs with {@code headActivation} before each.
     */
    public static WaveNetConfig everyField(ActivationFunction headActivation) {
        WaveNetConfig dsp = new WaveNetConfig(List.of(
                new LayerArrayConfig(1, 1, 2, 2, 2, new int[] {1, 2}, ActivationFunction.tanh(), true, false)), 0.5f);
        java.util.Map<FilmSite, FilmConfig> films = new java.util.EnumMap<>(FilmSite.class);
        films.put(FilmSite.CONV_PRE, new FilmConfig(true, 2));
        films.put(FilmSite.CONV_POST, new FilmConfig(false, 2));
        films.put(FilmSite.INPUT_MIXIN_PRE, new FilmConfig(true, 1));
        films.put(FilmSite.INPUT_MIXIN_POST, new FilmConfig(true, 2));
        films.put(FilmSite.ACTIVATION_PRE, new FilmConfig(false, 1));
        films.put(FilmSite.ACTIVATION_POST, new FilmConfig(true, 2));
        films.put(FilmSite.LAYER1X1_POST, new FilmConfig(true, 1));
        films.put(FilmSite.HEAD1X1_POST, new FilmConfig(false, 2));
        LayerArrayConfig a0 = new LayerArrayConfig(1, 2, 4, 2, List.of(
                new LayerConfig(2, 1, ActivationFunction.prelu(0.05f, -0.3f), GatingMode.BLENDED,
                        ActivationFunction.sigmoid()),
                new LayerConfig(3, 2, ActivationFunction.softsign(), GatingMode.GATED, ActivationFunction.tanh()),
                new LayerConfig(1, 3, ActivationFunction.leakyHardtanh(-0.5f, 0.8f, 0.1f, 0.02f), GatingMode.NONE,
                        null)),
                new LayerArrayConfig.Layer1x1(2), new LayerArrayConfig.Head1x1(4, 2), 2, 2, films,
                new LayerArrayConfig.ArrayHead(3, 3, true, 2), List.of());
        LayerArrayConfig a1 = new LayerArrayConfig(4, 2, 3, 3, List.of(
                new LayerConfig(2, 4, ActivationFunction.leakyRelu(0.2f), GatingMode.NONE, null),
                new LayerConfig(2, 1, ActivationFunction.leakyRelu(0.2f), GatingMode.NONE, null)),
                null, null, 1, 1, java.util.Map.of(), new LayerArrayConfig.ArrayHead(2, 2, false, 1), List.of());
        return new WaveNetConfig(1, List.of(a0, a1), new dev.convstream.model.PostStackHead(3, 1, List.of(2, 1),
                headActivation), 0.02f, new WaveNetConfig.ConditionDsp(dsp, weights(dsp, new Random(77))));
    }

    /** {@code config.weightCount()} weights uniform in [-0.5, 0.5) from {@code random}. */
    public static float[] weights(WaveNetConfig config, Random random) {
        float[] w = new float[(int) config.weightCount()];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextFloat() - 0.5f;
        }
        return w;
    }

    /**
     * A WaveNet document of {@code config} with weights uniform in [-0.5, 0.5) drawn from
     * {@code seed}, and {@code metadata.name}; add other metadata to {@code metadata} yourself.
     */
    public static ObjectNode waveNet(WaveNetConfig config, long seed, double sampleRate, String name) {
        ObjectNode root = model(config, new Random(seed));
        if (sampleRate == Math.rint(sampleRate)) {
            root.put("sample_rate", (long) sampleRate); // as NAM writes it
        } else {
            root.put("sample_rate", sampleRate);
        }
        root.putObject("metadata").put("name", name);
        return root;
    }

    /**
     * A WaveNet model document (version, architecture, config, weights; no sample rate or
     * metadata) of {@code config} with weights uniform in [-0.5, 0.5) from {@code random}: an A1
     * config as a 0.5.4 file with the legacy keys, any other as a 0.7.0 file with the full key
     * set NAM's trainer writes; its condition DSP, if any, nested with its own weights.
     */
    public static ObjectNode model(WaveNetConfig config, Random random) {
        return model(config, weights(config, random));
    }

    /** {@link #model(WaveNetConfig, Random)} with the given weights. */
    public static ObjectNode model(WaveNetConfig config, float[] weights) {
        ObjectNode root = JSON.createObjectNode();
        boolean a1 = isA1(config);
        root.put("version", a1 ? "0.5.4" : "0.7.0");
        root.put("architecture", "WaveNet");
        ObjectNode c = root.putObject("config");
        ArrayNode layers = c.putArray("layers");
        for (LayerArrayConfig a : config.layerArrays()) {
            ObjectNode l = layers.addObject();
            l.put("input_size", a.inputSize());
            l.put("condition_size", a.conditionSize());
            l.put("channels", a.channels());
            ArrayNode d = l.putArray("dilations");
            for (int v : a.dilations()) {
                d.add(v);
            }
            LayerConfig first = a.layers().get(0);
            if (a1) {
                l.put("head_size", a.headSize());
                l.put("kernel_size", first.kernelSize());
                l.put("activation", NamActivations.nameOf(first.activation()));
                l.put("gated", first.gating() == GatingMode.GATED);
                l.put("head_bias", a.headBias());
                continue;
            }
            l.put("bottleneck", a.bottleneck());
            ArrayNode ks = l.putArray("kernel_sizes");
            ArrayNode acts = l.putArray("activation");
            ArrayNode modes = l.putArray("gating_mode");
            ArrayNode seconds = l.putArray("secondary_activation");
            for (LayerConfig layer : a.layers()) {
                ks.add(layer.kernelSize());
                acts.add(activationSpec(layer.activation()));
                modes.add(layer.gating().namName());
                if (layer.secondary() == null) {
                    seconds.addNull();
                } else {
                    seconds.add(activationSpec(layer.secondary()));
                }
            }
            ObjectNode head = l.putObject("head");
            head.put("out_channels", a.head().outChannels());
            head.put("kernel_size", a.head().kernelSize());
            head.put("bias", a.head().bias());
            head.put("head_dilation", a.head().dilation());
            ObjectNode l1 = l.putObject("layer1x1");
            l1.put("active", a.layer1x1() != null);
            l1.put("groups", a.layer1x1() == null ? 1 : a.layer1x1().groups());
            ObjectNode h1 = l.putObject("head1x1");
            h1.put("active", a.head1x1() != null);
            h1.put("out_channels", a.head1x1() == null ? 1 : a.head1x1().outChannels());
            h1.put("groups", a.head1x1() == null ? 1 : a.head1x1().groups());
            l.put("groups_input", a.groupsInput());
            l.put("groups_input_mixin", a.groupsInputMixin());
            for (FilmSite site : FilmSite.values()) {
                FilmConfig f = a.films().get(site);
                ObjectNode film = l.putObject(site.key());
                film.put("active", f != null);
                film.put("shift", f == null || f.shift());
                film.put("groups", f == null ? 1 : f.groups());
            }
        }
        if (config.head() == null) {
            c.putNull("head");
        } else {
            ObjectNode h = c.putObject("head");
            h.put("channels", config.head().channels());
            h.put("out_channels", config.head().outChannels());
            ArrayNode ks = h.putArray("kernel_sizes");
            config.head().kernelSizes().forEach(ks::add);
            h.set("activation", activationSpec(config.head().activation()));
        }
        c.put("head_scale", config.headScale());
        if (config.inChannels() != 1) {
            c.put("in_channels", config.inChannels());
        }
        if (config.conditionDsp() != null) {
            c.set("condition_dsp", model(config.conditionDsp().config(), config.conditionDsp().weights())
                    .put("sample_rate", 48_000));
        }
        ArrayNode w = root.putArray("weights");
        for (float v : weights) {
            w.add(v);
        }
        return root;
    }

    /**
     * A "SlimmableContainer" document (version 0.7.0, 48 kHz) of {@code models}, submodel i
     * serving sizes below {@code (i + 1) / models.length}.
     */
    public static ObjectNode container(ObjectNode... models) {
        ObjectNode root = JSON.createObjectNode().put("version", "0.7.0").put("architecture", "SlimmableContainer");
        ArrayNode subs = root.putObject("config").putArray("submodels");
        for (int i = 0; i < models.length; i++) {
            subs.addObject().put("max_value", (i + 1.0) / models.length).set("model", models[i]);
        }
        root.putArray("weights");
        return root.put("sample_rate", 48_000);
    }

    /** Whether a 0.5 file's legacy keys can say all of {@code config}. */
    private static boolean isA1(WaveNetConfig config) {
        if (config.inChannels() != 1 || config.head() != null || config.conditionDsp() != null) {
            return false;
        }
        for (LayerArrayConfig a : config.layerArrays()) {
            LayerConfig first = a.layers().get(0);
            boolean uniform = a.layers().stream().allMatch(l -> l.kernelSize() == first.kernelSize()
                    && l.activation().equals(first.activation()) && l.gating() == first.gating()
                    && (l.gating() == GatingMode.NONE || l.secondary().equals(ActivationFunction.sigmoid())));
            if (!uniform || first.gating() == GatingMode.BLENDED || a.bottleneck() != a.channels()
                    || a.layer1x1() == null || a.layer1x1().groups() != 1 || a.head1x1() != null
                    || a.groupsInput() != 1 || a.groupsInputMixin() != 1 || !a.films().isEmpty()
                    || a.head().kernelSize() != 1 || a.head().dilation() != 1 || !a.slimmableChannels().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** NAM's spec of {@code f}: its name, or an object with its parameters. */
    public static JsonNode activationSpec(ActivationFunction f) {
        if (f instanceof ActivationFunction.LeakyReLU l) {
            return JSON.createObjectNode().put("type", "LeakyReLU").put("negative_slope", l.negativeSlope());
        }
        if (f instanceof ActivationFunction.PReLU p) {
            ObjectNode o = JSON.createObjectNode().put("type", "PReLU");
            ArrayNode s = o.putArray("negative_slopes");
            for (float v : p.slopes()) {
                s.add(v);
            }
            return o;
        }
        if (f instanceof ActivationFunction.LeakyHardtanh l) {
            return JSON.createObjectNode().put("type", "LeakyHardTanh").put("min_val", l.min()).put("max_val", l.max())
                    .put("min_slope", l.minSlope()).put("max_slope", l.maxSlope());
        }
        return JSON.getNodeFactory().textNode(NamActivations.nameOf(f));
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

    /**
     * An LSTM document (format 0.5.4, 48 kHz) with {@code outChannels} outputs (the key written
     * only when not 1), weights uniform in [-0.5, 0.5) from {@code seed}; {@code extra} weights more
     * (negative: fewer) than the architecture needs, for bad-file tests.
     */
    public static ObjectNode lstm(int hidden, int layers, int outChannels, int extra, long seed) {
        ObjectNode root = lstm(hidden, layers, seed);
        if (outChannels != 1) {
            ((ObjectNode) root.get("config")).put("out_channels", outChannels);
        }
        ArrayNode w = (ArrayNode) root.get("weights");
        Random r = new Random(seed + 1);
        for (long i = 0; i < (long) (outChannels - 1) * (hidden + 1) + Math.max(extra, 0); i++) {
            w.add(r.nextFloat() - 0.5f);
        }
        for (long i = 0; i > extra; i--) {
            w.remove(w.size() - 1);
        }
        return root;
    }

    /**
     * A WaveNet document (format 0.7.0) whose one layer array (3 channels, kernel 3, dilations 1,
     * 2, 4, gated) reads a {@code conditionRows}-row condition computed by {@code dsp}, a complete
     * nested model document; weights from {@code seed}.
     */
    public static ObjectNode withConditionDsp(ObjectNode dsp, int conditionRows, long seed) {
        // a WaveNet placeholder of the right output count, replaced by dsp: the parent's weights do not depend on it
        WaveNetConfig placeholder = new WaveNetConfig(List.of(new LayerArrayConfig(1, 1, conditionRows, 2, 2,
                new int[] {1}, ActivationFunction.tanh(), false, false)), 0.5f);
        WaveNetConfig parent = new WaveNetConfig(1, List.of(new LayerArrayConfig(1, conditionRows, 1, 3, 3,
                new int[] {1, 2, 4}, ActivationFunction.tanh(), true, true)), null, 0.5f,
                new WaveNetConfig.ConditionDsp(placeholder, new float[(int) placeholder.weightCount()]));
        ObjectNode root = model(parent, new Random(seed));
        root.put("version", "0.7.0");
        ((ObjectNode) root.get("config")).set("condition_dsp", dsp);
        return root;
    }

    /**
     * A WaveNet document (format 0.7.0, 48 kHz) of {@code in} input channels (its condition is the
     * input) and a head of {@code out} outputs: one gated layer array, 4 channels, kernel 3,
     * dilations 1, 2, 4, weights from {@code seed}.
     */
    public static ObjectNode waveNetChannels(int in, int out, long seed) {
        WaveNetConfig config = new WaveNetConfig(in, List.of(new LayerArrayConfig(in, in, out, 4, 3,
                new int[] {1, 2, 4}, ActivationFunction.tanh(), true, true)), null, 0.5f, null);
        ObjectNode root = model(config, new Random(seed));
        root.put("version", "0.7.0");
        return root.put("sample_rate", 48_000);
    }

    /**
     * An LSTM document (format 0.5.4, 48 kHz) of {@code in} inputs ({@code input_size}),
     * {@code layers} layers of {@code hidden} units and {@code out} outputs, weights, h0, c0 and
     * head uniform in [-0.5, 0.5) from {@code seed}.
     */
    public static ObjectNode lstmChannels(int in, int hidden, int layers, int out, long seed) {
        ObjectNode root = header("LSTM");
        ((ObjectNode) root.get("config")).put("input_size", in).put("hidden_size", hidden).put("num_layers", layers)
                .put("out_channels", out);
        long count = 0;
        for (int l = 0; l < layers; l++) {
            count += 4L * hidden * ((l == 0 ? in : hidden) + hidden) + 6L * hidden;
        }
        Random r = new Random(seed);
        ArrayNode w = root.putArray("weights");
        uniform(w, r, (int) (count + (long) out * (hidden + 1)), -0.5f);
        return root;
    }

    /**
     * A ConvNet document (format 0.5.4, 48 kHz) of {@code in} inputs, {@code channels} channels,
     * no batch norm, Tanh, and {@code out} outputs; weights and biases uniform in [-0.5, 0.5) from {@code seed}.
     */
    public static ObjectNode convNetChannels(int in, int channels, int[] dilations, int out, long seed) {
        ObjectNode root = header("ConvNet");
        ObjectNode c = (ObjectNode) root.get("config");
        c.put("channels", channels).put("batchnorm", false).put("activation", "Tanh").put("in_channels", in)
                .put("out_channels", out);
        ArrayNode d = c.putArray("dilations");
        for (int v : dilations) {
            d.add(v);
        }
        Random r = new Random(seed);
        ArrayNode w = root.putArray("weights");
        for (int i = 0; i < dilations.length; i++) {
            uniform(w, r, channels * (i == 0 ? in : channels) * 2 + channels, -0.5f);
        }
        uniform(w, r, out * channels + out, -0.5f);
        return root;
    }

    /**
     * A Linear document (format 0.5.4, 48 kHz) of {@code rf} taps with a bias, {@code in} inputs
     * and {@code out} outputs, with the weight count of one response per path ({@code perPath}; in
     * or out must be 1) or of one shared response; taps and biases uniform in [-0.5, 0.5) from {@code seed}.
     */
    public static ObjectNode linearChannels(int rf, int in, int out, boolean perPath, long seed) {
        ObjectNode root = header("Linear");
        ((ObjectNode) root.get("config")).put("receptive_field", rf).put("bias", true).put("in_channels", in)
                .put("out_channels", out);
        Random r = new Random(seed);
        ArrayNode w = root.putArray("weights");
        uniform(w, r, perPath ? Math.max(in, out) * rf + out : rf + 1, -0.5f);
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
     * {@link #sharedNamDir()}, or the calling test is skipped (a JUnit assumption) with a message
     * saying where it looked: users do not have that folder.
     */
    public static Path sharedNamDirOrSkip() {
        Path dir = sharedNamDir().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "shared/nam not found above "
                + Path.of("").toAbsolutePath() + " (set -Dconvstream.nam.dir): skipping the tests on NAM's sample files");
        return dir;
    }

    /**
     * NAM core's output for {@code input.wav} through a model, {@code reference/NAME} in the
     * shared folder: raw float32 little-endian, mono (see shared/nam/MODERN.md).
     */
    public static float[] namCoreOutput(Path dir, String name) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(dir.resolve("reference").resolve(name)))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[] y = new float[b.remaining() / Float.BYTES];
        b.asFloatBuffer().get(y);
        return y;
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
