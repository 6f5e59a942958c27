package dev.convstream.model.nam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convstream.io.UntrustedJson;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.WaveNetConfig;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Neural Amp Modeler {@code .nam} files (JSON) of versions 0.5.x: architectures
 * "WaveNet" (A1, gated or not) and "Linear" (FIR). Everything else is rejected by name: other
 * architectures (LSTM, ConvNet, containers), other versions, and the fields newer versions add
 * (per-layer kernel sizes, bottleneck, head1x1, FiLM, condition DSP, gating modes, slimmable
 * containers, a post-stack head). Every message starts with the file's name.
 *
 * <p>Tanh is exact by default; {@link #withFastTanh(boolean) withFastTanh(true)} gives a loader
 * whose files compute NAM core's fast tanh wherever NAM core's fast-tanh switch puts it
 * ({@link NamFile#withFastTanh()}), to match what the NAM plugin plays.
 *
 * <p>Layer and config fields are checked strictly, because an unknown field there may change
 * what the weights mean; unknown top-level fields are ignored.
 */
public final class NamLoader {

    /** Sample rate of files that do not say (NAM's default). */
    public static final double DEFAULT_SAMPLE_RATE = 48_000;

    private static final Set<String> LAYER_FIELDS = Set.of("input_size", "condition_size", "head_size", "channels",
            "kernel_size", "dilations", "activation", "gated", "head_bias");
    private static final Set<String> WAVENET_FIELDS = Set.of("layers", "head", "head_scale");
    private static final Set<String> NEWER_FIELDS = Set.of("kernel_sizes", "bottleneck", "head1x1", "head_1x1",
            "film", "films", "condition_dsp", "gating_mode", "gating_modes", "slimmable", "groups", "groups_input",
            "groups_1x1", "layer1x1", "secondary_activation", "activations", "in_channels", "out_channels");

    private final ObjectMapper mapper;
    private final boolean fastTanh;

    public NamLoader() {
        this(UntrustedJson.mapper());
    }

    public NamLoader(ObjectMapper mapper) {
        this(mapper, false);
    }

    private NamLoader(ObjectMapper mapper, boolean fastTanh) {
        this.mapper = mapper;
        this.fastTanh = fastTanh;
    }

    /**
     * A loader like this one whose files run NAM core's fast tanh ({@code true}) or the exact
     * tanh ({@code false}, the default) for every Tanh activation; see {@link NamFile#withFastTanh()}.
     */
    public NamLoader withFastTanh(boolean fast) {
        return fast == fastTanh ? this : new NamLoader(mapper, fast);
    }

    /** Whether files this loader reads run NAM core's fast tanh. */
    public boolean fastTanh() {
        return fastTanh;
    }

    /** Loads and checks {@code path}. */
    public NamFile load(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.getFileName().toString());
        }
    }

    /** Loads and checks a {@code .nam} document; {@code source} names it in messages. */
    public NamFile read(InputStream in, String source) throws IOException {
        NamFile file = readExact(in, source);
        return fastTanh ? file.withFastTanh() : file;
    }

    private NamFile readExact(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = mapper.readTree(in);
        } catch (JsonProcessingException e) {
            throw new NamFormatException(source, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (CharConversionException e) {
            // Jackson guesses UTF-16/32 from the first bytes and reports an invalid code unit so.
            throw new NamFormatException(source, "not valid JSON text: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new NamFormatException(source, "expected a JSON object at the top level");
        }
        String version = text(source, root, "version");
        checkVersion(source, version);
        String architecture = text(source, root, "architecture");
        JsonNode config = root.get("config");
        if (config == null || !config.isObject()) {
            throw new NamFormatException(source, "missing or non-object field 'config'");
        }
        float[] weights = weights(source, root);
        double sampleRate = DEFAULT_SAMPLE_RATE;
        JsonNode sr = root.get("sample_rate");
        if (sr != null && !sr.isNull()) {
            if (!sr.isNumber() || sr.asDouble() <= 0) {
                throw new NamFormatException(source, "sample_rate must be a positive number, found " + sr);
            }
            sampleRate = sr.asDouble();
        }
        NamMetadata metadata = metadata(source, root.get("metadata"));

        String where = "architecture " + architecture + " (version " + version + ")";
        switch (architecture) {
            case "WaveNet": {
                WaveNetConfig wn = waveNet(source, where, config);
                checkCount(source, where, wn.weightCount(), weights.length);
                return new NamFile(source, version, architecture, wn, null, weights, sampleRate, metadata);
            }
            case "Linear": {
                NamFile.FirConfig fir = linear(source, where, config);
                checkCount(source, where, fir.weightCount(), weights.length);
                return new NamFile(source, version, architecture, null, fir, weights, sampleRate, metadata);
            }
            default:
                throw new NamFormatException(source, "architecture '" + architecture
                        + "' is not supported (supported: WaveNet, Linear); LSTM, ConvNet and container"
                        + " architectures cannot be loaded");
        }
    }

    private static void checkVersion(String source, String version) {
        String[] parts = version.split("\\.");
        if (parts.length < 2 || !parts[0].equals("0") || !parts[1].equals("5")) {
            throw new NamFormatException(source, "file version " + version + " is not supported (supported: 0.5.x)");
        }
    }

    private static void checkCount(String source, String where, long expected, int found) {
        if (expected != found) {
            throw new NamFormatException(source, where + ": expected " + expected + " weights, found " + found);
        }
    }

    private static WaveNetConfig waveNet(String source, String where, JsonNode config) {
        checkFields(source, where, "config", config, WAVENET_FIELDS);
        JsonNode head = config.get("head");
        if (head != null && !head.isNull()) {
            throw new NamFormatException(source, where + ": field 'head' (a post-stack head, NAM 0.6+) is not supported;"
                    + " it must be null");
        }
        JsonNode layers = config.get("layers");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw new NamFormatException(source, where + ": config.layers must be a non-empty list");
        }
        List<LayerArrayConfig> arrays = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            JsonNode l = layers.get(i);
            String at = "config.layers[" + i + "]";
            if (!l.isObject()) {
                throw new NamFormatException(source, where + ": " + at + " must be an object");
            }
            checkFields(source, where, at, l, LAYER_FIELDS);
            JsonNode act = l.get("activation");
            if (act == null || !act.isTextual()) {
                throw new NamFormatException(source, where + ": " + at + ".activation must be a name such as \"Tanh\""
                        + (act != null && act.isObject() ? " (activation objects with parameters are NAM 0.6+)" : "")
                        + ", found " + act);
            }
            JsonNode dil = l.get("dilations");
            if (dil == null || !dil.isArray() || dil.isEmpty()) {
                throw new NamFormatException(source, where + ": " + at + ".dilations must be a non-empty list");
            }
            int[] dilations = new int[dil.size()];
            for (int d = 0; d < dilations.length; d++) {
                dilations[d] = intValue(source, where, at + ".dilations[" + d + "]", dil.get(d));
            }
            try {
                arrays.add(new LayerArrayConfig(
                        intField(source, where, at, l, "input_size"),
                        intField(source, where, at, l, "condition_size"),
                        intField(source, where, at, l, "head_size"),
                        intField(source, where, at, l, "channels"),
                        intField(source, where, at, l, "kernel_size"),
                        dilations,
                        NamActivations.byName(act.asText()),
                        boolField(source, where, at, l, "gated"),
                        boolField(source, where, at, l, "head_bias")));
            } catch (NamFormatException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new NamFormatException(source, where + ": " + at + ": " + e.getMessage(), e);
            }
        }
        JsonNode scale = config.get("head_scale");
        if (scale == null || !scale.isNumber()) {
            throw new NamFormatException(source, where + ": config.head_scale must be a number, found " + scale);
        }
        try {
            return new WaveNetConfig(arrays, scale.floatValue());
        } catch (IllegalArgumentException e) {
            throw new NamFormatException(source, where + ": " + e.getMessage(), e);
        }
    }

    private static NamFile.FirConfig linear(String source, String where, JsonNode config) {
        checkFields(source, where, "config", config, Set.of("receptive_field", "bias", "in_channels",
                "out_channels"));
        for (String ch : new String[] {"in_channels", "out_channels"}) {
            JsonNode n = config.get(ch);
            if (n != null && !(n.isInt() && n.asInt() == 1)) {
                throw new NamFormatException(source, where + ": config." + ch + " = " + n
                        + " is not supported: only mono (1) Linear models load");
            }
        }
        int rf = intField(source, where, "config", config, "receptive_field");
        if (rf < 1) {
            throw new NamFormatException(source, where + ": config.receptive_field must be >= 1, found " + rf);
        }
        return new NamFile.FirConfig(rf, boolField(source, where, "config", config, "bias"));
    }

    /** Unknown fields are errors; fields of newer NAM versions are named as such. */
    private static void checkFields(String source, String where, String at, JsonNode node, Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (known.contains(name)) {
                continue;
            }
            if (NEWER_FIELDS.contains(name)) {
                throw new NamFormatException(source, where + ": field '" + name + "' in " + at
                        + " belongs to a newer NAM format (0.6+) and is not supported by this loader (0.5.x)");
            }
            throw new NamFormatException(source, where + ": unknown field '" + name + "' in " + at
                    + " (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
        }
    }

    private static String text(String source, JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual()) {
            throw new NamFormatException(source, "missing or non-string field '" + field + "'");
        }
        return n.asText();
    }

    private static int intField(String source, String where, String at, JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null) {
            throw new NamFormatException(source, where + ": " + at + "." + field + " is missing");
        }
        return intValue(source, where, at + "." + field, n);
    }

    private static int intValue(String source, String where, String at, JsonNode n) {
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new NamFormatException(source, where + ": " + at + " must be an integer, found " + n);
        }
        return n.asInt();
    }

    private static boolean boolField(String source, String where, String at, JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null || !n.isBoolean()) {
            throw new NamFormatException(source, where + ": " + at + "." + field + " must be true or false, found " + n);
        }
        return n.asBoolean();
    }

    private static float[] weights(String source, JsonNode root) {
        JsonNode w = root.get("weights");
        if (w == null || !w.isArray()) {
            throw new NamFormatException(source, "missing or non-list field 'weights'");
        }
        float[] out = new float[w.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = w.get(i);
            if (!v.isNumber()) {
                throw new NamFormatException(source, "weights[" + i + "] is not a number: " + v);
            }
            out[i] = v.floatValue();
        }
        return out;
    }

    private NamMetadata metadata(String source, JsonNode node) {
        if (node == null || node.isNull()) {
            return NamMetadata.empty();
        }
        if (!node.isObject()) {
            throw new NamFormatException(source, "metadata must be an object, found " + node.getNodeType());
        }
        Map<String, Object> other = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        String name = null;
        Double loudness = null;
        Double gain = null;
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            switch (f.getKey()) {
                case "name":
                    name = v.isNull() ? null : v.asText();
                    break;
                case "loudness":
                    loudness = number(source, "metadata.loudness", v);
                    break;
                case "gain":
                    gain = number(source, "metadata.gain", v);
                    break;
                default:
                    other.put(f.getKey(), mapper.convertValue(v, Object.class));
            }
        }
        return new NamMetadata(name, loudness, gain, other);
    }

    private static Double number(String source, String field, JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new NamFormatException(source, field + " must be a number, found " + v);
        }
        return v.asDouble();
    }
}
