package dev.convstream.model.nam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convstream.io.InputFiles;
import dev.convstream.model.ConvNetConfig;
import dev.convstream.model.LinearConfig;
import dev.convstream.model.LstmConfig;
import dev.convstream.io.UntrustedJson;
import dev.convstream.model.WaveNetConfig;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Neural Amp Modeler {@code .nam} files (JSON) of the versions NAM core reads, 0.5.0 to
 * 0.7.x: architectures "WaveNet" (A1 and A2, every 0.6/0.7 field; see {@link NamWaveNetReader}),
 * "LSTM", "ConvNet", "Linear" (FIR, any {@code implementation}; unequal channel counts read by
 * weight count, see {@link LinearConfig.Layout}) and "SlimmableContainer" (submodels of any of
 * these). A WaveNet's {@code condition_dsp} may be a WaveNet, LSTM, ConvNet or Linear of any
 * channel counts, and so may the model a file plays (its channel counts are
 * {@link NamFile#inputChannels()} and {@link NamFile#outputChannels()}); a container's submodels
 * must be mono. Other architectures and
 * versions are rejected by name. Every message starts with the file's name, and names the
 * nested model (e.g. {@code config.submodels[1].model}) and field at fault.
 *
 * <p>Versions: {@code MAJOR.MINOR.PATCH} from 0.5.0 to 0.7.x, each nested model checked on its
 * own; a 0.7 patch newer than 0.7.0 (the newest NAM core knows) loads, with a note saying it is
 * only partly supported, logged once per file and kept in {@link NamFile#notes()}.
 * {@code sample_rate: null} is an error (as in NAM core); a missing sample rate is unknown:
 * {@link #DEFAULT_SAMPLE_RATE} is assumed, and a note says so.
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
    /** Largest |metadata.loudness| and |metadata.gain| in dB. */
    public static final double MAX_DECIBELS = 300;

    /** What this loader reads, for messages. */
    static final String SUPPORTED_VERSIONS = "0.5.0 to 0.7.x";

    private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final System.Logger LOG = System.getLogger(NamLoader.class.getName());

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
        try (InputStream in = Files.newInputStream(InputFiles.requireRegularFile(path, "model file"))) {
            return read(in, path.getFileName().toString());
        }
    }

    /** Loads and checks a {@code .nam} document; {@code source} names it in messages. */
    public NamFile read(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = mapper.readTree(in);
        } catch (JsonProcessingException e) {
            throw new NamFormatException(source, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (CharConversionException e) {
            // Jackson guesses UTF-16/32 from the first bytes and reports an invalid code unit so.
            throw new NamFormatException(source, "not valid JSON text: " + e.getMessage(), e);
        }
        NamFile file = readModel(source, root, "", false);
        if (file.notes().stream().anyMatch(n -> n.contains(PARTLY))) {
            LOG.log(System.Logger.Level.WARNING, source + ": " + String.join("; ", file.notes()));
        }
        return fastTanh ? file.withFastTanh() : file;
    }

    private static final String PARTLY = "partly supported";

    /** Why a container's submodel of several channels is refused. */
    static final String PLAYED = "a SlimmableContainer's submodel must be mono in and out (one channel each);"
            + " a file whose own model has several channels plays them";

    /**
     * One complete model, the file itself or a nested one ({@code at} names it, e.g.
     * {@code "config.condition_dsp: "}; empty for the file). A container's submodel
     * ({@code submodel}) must be mono in and out (the container's switch and crossfade are mono);
     * the file's own model and a condition DSP may have several channels.
     */
    private NamFile readModel(String source, JsonNode root, String at, boolean submodel) {
        if (root == null || !root.isObject()) {
            throw new NamFormatException(source, at + "expected a JSON object" + (at.isEmpty() ? " at the top level" : ""));
        }
        List<String> notes = new ArrayList<>();
        String version = text(source, at, root, "version");
        checkVersion(source, at, version, notes);
        String architecture = text(source, at, root, "architecture");
        JsonNode config = root.get("config");
        if (config == null || !config.isObject()) {
            throw new NamFormatException(source, at + "missing or non-object field 'config'");
        }
        double sampleRate = DEFAULT_SAMPLE_RATE;
        JsonNode sr = root.get("sample_rate");
        boolean stated = sr != null;
        if (sr == null) {
            notes.add(at + "no sample_rate: assuming " + (int) DEFAULT_SAMPLE_RATE + " Hz, NAM's default");
        } else if (sr.isNull()) {
            throw new NamFormatException(source, at + "sample_rate is null (NAM core refuses it; a file of unknown"
                    + " rate leaves the field out)");
        } else if (!sr.isNumber() || sr.asDouble() <= 0) {
            throw new NamFormatException(source, at + "sample_rate must be a positive number, found " + sr);
        } else {
            sampleRate = sr.asDouble();
        }
        NamMetadata metadata = metadata(source, root.get("metadata"));

        String where = at + "architecture " + architecture + " (version " + version + ")";
        switch (architecture) {
            case "WaveNet": {
                float[] weights = weights(source, at, root);
                WaveNetConfig wn = NamWaveNetReader.read(source, where, config, sampleRate, stated,
                        (node, path) -> readModel(source, node, at + path + ": ", false), notes);
                if (submodel && (wn.inChannels() != 1 || wn.outChannels() != 1)) {
                    throw new NamFormatException(source, where + ": " + (wn.inChannels() != 1
                            ? "config.in_channels = " + wn.inChannels()
                            : (wn.head() == null ? "the last layer array's head_size" : "config.head.out_channels")
                            + " = " + wn.outChannels()) + ": " + PLAYED);
                }
                checkCount(source, where, wn.weightCount(), weights.length);
                return new NamFile(source, version, architecture, wn, null, null, null, List.of(), false, weights,
                        sampleRate, stated, metadata, notes);
            }
            case "Linear": {
                float[] weights = weights(source, at, root);
                NamFile.FirConfig fir = linear(source, where, config, weights.length);
                if (submodel && fir.channels() != fir.outChannels()) {
                    throw new NamFormatException(source, where + ": config.in_channels = " + fir.channels()
                            + " and config.out_channels = " + fir.outChannels() + " differ: " + PLAYED);
                }
                checkCount(source, where, fir.weightCount(), weights.length);
                return new NamFile(source, version, architecture, null, fir, null, null, List.of(), false, weights,
                        sampleRate, stated, metadata, notes);
            }
            case "LSTM": {
                float[] weights = weights(source, at, root);
                // NAM core's prewarm: half a second of zeros, one sample when the rate is unknown.
                LstmConfig lstm = lstm(source, where, config, stated ? (int) (0.5 * sampleRate) : 1);
                if (submodel && (lstm.inputSize() != 1 || lstm.outChannels() != 1)) {
                    throw new NamFormatException(source, where + ": " + (lstm.inputSize() != 1
                            ? "config.input_size = " + lstm.inputSize() : "config.out_channels = " + lstm.outChannels())
                            + ": " + PLAYED);
                }
                checkCount(source, where, lstm.weightCount(), weights.length);
                return new NamFile(source, version, architecture, null, null, lstm, null, List.of(), false, weights,
                        sampleRate, stated, metadata, notes);
            }
            case "ConvNet": {
                float[] weights = weights(source, at, root);
                ConvNetConfig convNet = convNet(source, where, config);
                if (submodel && (convNet.inChannels() != 1 || convNet.outChannels() != 1)) {
                    throw new NamFormatException(source, where + ": " + (convNet.inChannels() != 1
                            ? "config.in_channels = " + convNet.inChannels()
                            : "config.out_channels = " + convNet.outChannels()) + ": " + PLAYED);
                }
                checkCount(source, where, convNet.weightCount(), weights.length);
                return new NamFile(source, version, architecture, null, null, null, convNet, List.of(), false, weights,
                        sampleRate, stated, metadata, notes);
            }
            case "SlimmableContainer": {
                List<NamFile.Submodel> submodels = submodels(source, where, at, config, sampleRate, stated, notes);
                return new NamFile(source, version, architecture, null, null, null, null, submodels, false,
                        new float[0], sampleRate, stated, metadata, notes);
            }
            default:
                throw new NamFormatException(source, at + "architecture '" + architecture
                        + "' is not supported (supported: WaveNet, LSTM, ConvNet, Linear, SlimmableContainer)");
        }
    }

    /**
     * A container's {@code config.submodels}: complete nested models, {@code max_value} strictly
     * ascending, the last at least 1; sample rates equal to the container's unless one is unknown.
     */
    private List<NamFile.Submodel> submodels(String source, String where, String at, JsonNode config,
                                             double sampleRate, boolean stated, List<String> notes) {
        checkFields(source, where, "config", config, Set.of("submodels"));
        JsonNode list = config.get("submodels");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new NamFormatException(source, where + ": config.submodels must list at least one submodel, found "
                    + (list == null ? "nothing" : list.isArray() ? "an empty list" : list.toString()));
        }
        List<NamFile.Submodel> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "config.submodels[" + i + "]";
            JsonNode s = list.get(i);
            if (!s.isObject()) {
                throw new NamFormatException(source, where + ": " + path + " must be an object");
            }
            checkFields(source, where, path, s, Set.of("max_value", "model"));
            JsonNode max = s.get("max_value");
            if (max == null || !max.isNumber()) {
                throw new NamFormatException(source, where + ": " + path + ".max_value must be a number, found " + max);
            }
            double value = max.asDouble();
            if (i > 0 && !(value > out.get(i - 1).maxValue())) {
                throw new NamFormatException(source, where + ": " + path + ".max_value must be above the previous ("
                        + out.get(i - 1).maxValue() + "), found " + value);
            }
            NamFile model = readModel(source, s.get("model"), at + path + ".model: ", true);
            if (stated && model.sampleRateStated() && model.sampleRate() != sampleRate) {
                throw new NamFormatException(source, where + ": " + path + ".model.sample_rate " + model.sampleRate()
                        + " differs from the container's " + sampleRate);
            }
            notes.addAll(model.notes());
            out.add(new NamFile.Submodel(value, model));
        }
        double last = out.get(out.size() - 1).maxValue();
        if (!(last >= 1)) {
            throw new NamFormatException(source, where + ": config.submodels[" + (out.size() - 1)
                    + "].max_value must be at least 1 (the last submodel serves the full size), found " + last);
        }
        return out;
    }

    private static void checkVersion(String source, String at, String version, List<String> notes) {
        Matcher m = SEMVER.matcher(version);
        if (!m.matches()) {
            throw new NamFormatException(source, at + "file version '" + version + "' is not of the form"
                    + " MAJOR.MINOR.PATCH (supported: " + SUPPORTED_VERSIONS + ")");
        }
        BigInteger major = new BigInteger(m.group(1));
        BigInteger minor = new BigInteger(m.group(2));
        boolean patched = new BigInteger(m.group(3)).signum() > 0;
        if (major.signum() != 0 || minor.compareTo(BigInteger.valueOf(5)) < 0
                || minor.compareTo(BigInteger.valueOf(7)) > 0) {
            throw new NamFormatException(source, at + "file version " + version + " is not supported (supported: "
                    + SUPPORTED_VERSIONS + ")");
        }
        if (minor.intValue() == 7 && patched) {
            notes.add(at + "file version " + version + " is newer than 0.7.0, the newest NAM core and convstream know:"
                    + " loaded as 0.7.0 (" + PARTLY + ")");
        }
    }

    static void checkCount(String source, String where, long expected, int found) {
        if (expected != found) {
            throw new NamFormatException(source, where + ": expected " + expected + " weights, found " + found);
        }
    }

    /**
     * {@code in_channels} = {@code out_channels} = N is N channels each filtered alone by the one
     * impulse response (both NAM core versions that read these keys agree on it). Unequal counts
     * mean different things in NAM core's two versions, and each version reads a different number
     * of weights for them, no count being valid for both: the count says which version the file is
     * for ({@link LinearConfig.Layout}); any other count is an error naming both.
     */
    private static NamFile.FirConfig linear(String source, String where, JsonNode config, int found) {
        checkFields(source, where, "config", config, Set.of("receptive_field", "bias", "in_channels",
                "out_channels", "implementation"));
        int in = optionalInt(source, where, config, "in_channels", 1);
        int out = optionalInt(source, where, config, "out_channels", 1);
        if (in < 1) {
            throw new NamFormatException(source, where + ": config.in_channels must be >= 1, found " + in);
        }
        if (out < 1) {
            throw new NamFormatException(source, where + ": config.out_channels must be >= 1, found " + out);
        }
        int rf = intField(source, where, "config", config, "receptive_field");
        if (rf < 1) {
            throw new NamFormatException(source, where + ": config.receptive_field must be >= 1, found " + rf);
        }
        boolean bias = boolField(source, where, "config", config, "bias");
        String implementation = linearImplementation(source, where, config.get("implementation"));
        if (in == out) {
            return new NamFile.FirConfig(rf, bias, in, implementation);
        }
        LinearConfig shared = new LinearConfig(rf, bias, in, out, LinearConfig.Layout.SHARED);
        if (found == shared.weightCount()) {
            return new NamFile.FirConfig(rf, bias, in, out, implementation, LinearConfig.Layout.SHARED);
        }
        if (in == 1 || out == 1) {
            LinearConfig perPath = new LinearConfig(rf, bias, in, out, LinearConfig.Layout.PER_PATH);
            if (found == perPath.weightCount()) {
                return new NamFile.FirConfig(rf, bias, in, out, implementation, LinearConfig.Layout.PER_PATH);
            }
            throw new NamFormatException(source, where + ": expected " + shared.weightCount() + " weights (one"
                    + " response shared by min(in_channels, out_channels) channels) or " + perPath.weightCount()
                    + " (one response per path and " + (bias ? out + " biases" : "no bias") + "), found " + found);
        }
        throw new NamFormatException(source, where + ": expected " + shared.weightCount() + " weights (one response"
                + " shared by min(in_channels, out_channels) channels; per-path responses need in_channels or"
                + " out_channels = 1), found " + found);
    }

    /** NAM core's spellings, any case: auto; direct, legacy, old; fft, partitioned_fft, partitioned-fft. */
    private static String linearImplementation(String source, String where, JsonNode n) {
        if (n == null) {
            return "auto";
        }
        String name = n.isTextual() ? n.asText().toLowerCase(java.util.Locale.ROOT) : "";
        switch (name) {
            case "auto":
                return "auto";
            case "direct": case "legacy": case "old":
                return "direct";
            case "fft": case "partitioned_fft": case "partitioned-fft":
                return "fft";
            default:
                throw new NamFormatException(source, where + ": config.implementation must be \"auto\", \"direct\""
                        + " or \"fft\" (or NAM core's other spellings: legacy, old, partitioned_fft), found " + n);
        }
    }

    /**
     * {@code input_size} is the input's channel count; NAM core copies {@code in_channels} input
     * channels into an {@code input_size} vector, so the two must agree ({@code in_channels}
     * absent: {@code input_size}); {@code out_channels} [1] rows of the head.
     */
    private static LstmConfig lstm(String source, String where, JsonNode config, int prewarmSamples) {
        checkFields(source, where, "config", config, Set.of("input_size", "hidden_size", "num_layers",
                "in_channels", "out_channels"));
        int inputSize = intField(source, where, "config", config, "input_size");
        int in = optionalInt(source, where, config, "in_channels", inputSize);
        if (in != inputSize) {
            throw new NamFormatException(source, where + ": config.in_channels (" + in + ") must equal"
                    + " config.input_size (" + inputSize + "): each input channel is one input of the first cell");
        }
        try {
            return new LstmConfig(inputSize, intField(source, where, "config", config, "hidden_size"),
                    intField(source, where, "config", config, "num_layers"),
                    optionalInt(source, where, config, "out_channels", 1), prewarmSamples);
        } catch (NamFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new NamFormatException(source, where + ": config: " + e.getMessage(), e);
        }
    }

    private static ConvNetConfig convNet(String source, String where, JsonNode config) {
        checkFields(source, where, "config", config, Set.of("channels", "dilations", "batchnorm", "activation",
                "groups", "in_channels", "out_channels"));
        JsonNode dil = config.get("dilations");
        if (dil == null || !dil.isArray() || dil.isEmpty()) {
            throw new NamFormatException(source, where + ": config.dilations must be a non-empty list");
        }
        int[] dilations = new int[dil.size()];
        for (int d = 0; d < dilations.length; d++) {
            dilations[d] = intValue(source, where, "config.dilations[" + d + "]", dil.get(d));
        }
        JsonNode act = config.get("activation");
        if (act == null || !act.isTextual()) {
            throw new NamFormatException(source, where + ": config.activation must be a name such as \"Tanh\", found "
                    + act);
        }
        try {
            return new ConvNetConfig(intField(source, where, "config", config, "channels"), dilations,
                    boolField(source, where, "config", config, "batchnorm"), NamActivations.byName(act.asText()),
                    optionalInt(source, where, config, "groups", 1), optionalInt(source, where, config, "in_channels", 1),
                    optionalInt(source, where, config, "out_channels", 1));
        } catch (NamFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new NamFormatException(source, where + ": config: " + e.getMessage(), e);
        }
    }

    private static int optionalInt(String source, String where, JsonNode node, String field, int absent) {
        JsonNode n = node.get(field);
        return n == null ? absent : intValue(source, where, "config." + field, n);
    }

    /** Unknown fields are errors: they may change what the weights mean. */
    static void checkFields(String source, String where, String at, JsonNode node, Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new NamFormatException(source, where + ": unknown field '" + name + "' in " + at
                        + " (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static String text(String source, String at, JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual()) {
            throw new NamFormatException(source, at + "missing or non-string field '" + field + "'");
        }
        return n.asText();
    }

    static int intField(String source, String where, String at, JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null) {
            throw new NamFormatException(source, where + ": " + at + "." + field + " is missing");
        }
        return intValue(source, where, at + "." + field, n);
    }

    static int intValue(String source, String where, String at, JsonNode n) {
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new NamFormatException(source, where + ": " + at + " must be an integer, found " + n);
        }
        return n.asInt();
    }

    static boolean boolField(String source, String where, String at, JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null || !n.isBoolean()) {
            throw new NamFormatException(source, where + ": " + at + "." + field + " must be true or false, found " + n);
        }
        return n.asBoolean();
    }

    private static float[] weights(String source, String at, JsonNode root) {
        JsonNode w = root.get("weights");
        if (w == null || !w.isArray()) {
            throw new NamFormatException(source, at + "missing or non-list field 'weights'");
        }
        float[] out = new float[w.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = w.get(i);
            if (!v.isNumber()) {
                throw new NamFormatException(source, at + "weights[" + i + "] is not a number: " + v);
            }
            out[i] = v.floatValue();
            if (!Float.isFinite(out[i])) {
                // 1e39 is a valid JSON number but +Inf as a float: the model would output silence or NaN.
                throw new NamFormatException(source, at + "weights[" + i + "] = " + v + " is not a finite float32");
            }
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
                    loudness = decibels(source, "metadata.loudness", v);
                    break;
                case "gain":
                    gain = decibels(source, "metadata.gain", v);
                    break;
                default:
                    other.put(f.getKey(), mapper.convertValue(v, Object.class));
            }
        }
        return new NamMetadata(name, loudness, gain, other);
    }

    /**
     * A level in dB: loudness and gain scale the output by 10^(dB/20), so beyond +-{@value
     * #MAX_DECIBELS} dB (a factor of 10^15) the output is silence or infinity, never a capture.
     */
    private static Double decibels(String source, String field, JsonNode v) {
        Double db = number(source, field, v);
        if (db != null && !(Math.abs(db) <= MAX_DECIBELS)) {
            throw new NamFormatException(source, field + " must be in [-" + (int) MAX_DECIBELS + ", "
                    + (int) MAX_DECIBELS + "] dB, found " + v);
        }
        return db;
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
