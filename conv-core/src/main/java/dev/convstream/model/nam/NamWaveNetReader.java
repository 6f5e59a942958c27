package dev.convstream.model.nam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convstream.activation.ActivationFunction;
import dev.convstream.model.ChannelModelConfig;
import dev.convstream.model.FilmConfig;
import dev.convstream.model.FilmSite;
import dev.convstream.model.GatingMode;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.LayerConfig;
import dev.convstream.model.PostStackHead;
import dev.convstream.model.WaveNetConfig;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The {@code config} of a NAM "WaveNet" (versions 0.5 to 0.7) as a {@link WaveNetConfig}. As in
 * NAM core, features are keyed on the presence of keys, not on the version. Every field it does
 * not know is an error; defaults are NAM core's (see {@code docs/nam-modern.md}).
 */
final class NamWaveNetReader {

    private static final Set<String> CONFIG_FIELDS = Set.of("layers", "head", "head_scale", "in_channels",
            "condition_dsp");
    private static final Set<String> HEAD_FIELDS = Set.of("channels", "out_channels", "kernel_sizes", "activation",
            "in_channels");
    private static final Set<String> LAYER_FIELDS = layerFields();

    private final String source;
    private final String where;

    private NamWaveNetReader(String source, String where) {
        this.source = source;
        this.where = where;
    }

    private static Set<String> layerFields() {
        Set<String> s = new HashSet<>(Set.of("input_size", "condition_size", "head_size", "channels", "bottleneck",
                "kernel_size", "kernel_sizes", "dilations", "activation", "gated", "gating_mode",
                "secondary_activation", "head_bias", "head", "layer1x1", "head1x1", "groups_input",
                "groups_input_mixin", "slimmable"));
        for (FilmSite f : FilmSite.values()) {
            s.add(f.key());
        }
        return Set.copyOf(s);
    }

    /**
     * @param where  names the model in messages ("architecture WaveNet (version ...)")
     * @param nested reads a nested complete model (the condition DSP) at a config path
     * @param notes  where a nested model's notes go
     */
    static WaveNetConfig read(String source, String where, JsonNode config, double sampleRate, boolean rateStated,
                              BiFunction<JsonNode, String, NamFile> nested, List<String> notes) {
        return new NamWaveNetReader(source, where).config(config, sampleRate, rateStated, nested, notes);
    }

    private WaveNetConfig config(JsonNode config, double sampleRate, boolean rateStated,
                                 BiFunction<JsonNode, String, NamFile> nested, List<String> notes) {
        NamLoader.checkFields(source, where, "config", config, CONFIG_FIELDS);
        JsonNode layers = config.get("layers");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw fail("config.layers must be a non-empty list");
        }
        List<LayerArrayConfig> arrays = new ArrayList<>();
        boolean slimmable = false;
        for (int i = 0; i < layers.size(); i++) {
            LayerArrayConfig a = layerArray(layers.get(i), "config.layers[" + i + "]");
            slimmable |= !a.slimmableChannels().isEmpty();
            arrays.add(a);
        }
        JsonNode scale = config.get("head_scale");
        if (scale == null || !scale.isNumber()) {
            throw fail("config.head_scale must be a number, found " + scale);
        }
        int inChannels = config.has("in_channels") ? NamLoader.intField(source, where, "config", config, "in_channels") : 1;
        PostStackHead head = postStackHead(config.get("head"), arrays.get(arrays.size() - 1).headSize());
        if (head != null && slimmable) {
            throw fail("config.head: a slimmable WaveNet cannot have a post-stack head");
        }
        WaveNetConfig.ConditionDsp dsp = null;
        JsonNode dspNode = config.get("condition_dsp");
        if (dspNode != null && !dspNode.isNull()) {
            NamFile f = nested.apply(dspNode, "config.condition_dsp");
            if (f.isContainer()) {
                throw fail("config.condition_dsp: a " + f.architecture() + " cannot compute a condition"
                        + " (supported: WaveNet, LSTM, ConvNet, Linear)");
            }
            if (rateStated && f.sampleRateStated() && f.sampleRate() != sampleRate) {
                throw fail("config.condition_dsp.sample_rate " + f.sampleRate() + " differs from the model's "
                        + sampleRate);
            }
            notes.addAll(f.notes());
            ChannelModelConfig model = f.wavenet() != null ? f.wavenet() : f.lstm() != null ? f.lstm()
                    : f.convNet() != null ? f.convNet() : f.fir().linear();
            try {
                dsp = new WaveNetConfig.ConditionDsp(model, f.weights());
            } catch (IllegalArgumentException e) {
                throw fail("config.condition_dsp: " + e.getMessage());
            }
        }
        try {
            return new WaveNetConfig(inChannels, arrays, head, scale.floatValue(), dsp);
        } catch (IllegalArgumentException e) {
            throw new NamFormatException(source, where + ": " + e.getMessage(), e);
        }
    }

    private LayerArrayConfig layerArray(JsonNode l, String at) {
        if (!l.isObject()) {
            throw fail(at + " must be an object");
        }
        NamLoader.checkFields(source, where, at, l, LAYER_FIELDS);
        int channels = integer(l, at, "channels");
        JsonNode dil = l.get("dilations");
        if (dil == null || !dil.isArray() || dil.isEmpty()) {
            throw fail(at + ".dilations must be a non-empty list");
        }
        int count = dil.size();
        int[] kernels = kernelSizes(l, at, count);
        List<ActivationFunction> activations = activations(l, at, count);
        List<GatingMode> modes = gatingModes(l, at, count);
        List<LayerConfig> layers = new ArrayList<>();
        JsonNode secondary = l.get("secondary_activation");
        if (secondary != null && secondary.isArray() && !(l.path("gating_mode").isArray())) {
            throw fail(at + ".secondary_activation: a list goes with a gating_mode list");
        }
        for (int i = 0; i < count; i++) {
            int d = NamLoader.intValue(source, where, at + ".dilations[" + i + "]", dil.get(i));
            GatingMode mode = modes.get(i);
            ActivationFunction second = null;
            if (mode != GatingMode.NONE) {
                JsonNode spec = secondary == null ? null : secondary.isArray() ? element(secondary, at
                        + ".secondary_activation", i, count) : secondary;
                second = spec == null ? ActivationFunction.sigmoid()
                        : activation(spec, at + ".secondary_activation" + (secondary.isArray() ? "[" + i + "]" : ""));
            }
            try {
                layers.add(new LayerConfig(kernels[i], d, activations.get(i), mode, second));
            } catch (IllegalArgumentException e) {
                throw fail(at + ".dilations[" + i + "]: " + e.getMessage());
            }
        }
        Map<FilmSite, FilmConfig> films = new EnumMap<>(FilmSite.class);
        for (FilmSite site : FilmSite.values()) {
            FilmConfig f = film(l.get(site.key()), at + "." + site.key());
            if (f != null) {
                films.put(site, f);
            }
        }
        try {
            return new LayerArrayConfig(integer(l, at, "input_size"), integer(l, at, "condition_size"), channels,
                    l.has("bottleneck") ? integer(l, at, "bottleneck") : channels, layers, layer1x1(l, at),
                    head1x1(l, at), optionalInt(l, at, "groups_input", 1), optionalInt(l, at, "groups_input_mixin", 1),
                    films, arrayHead(l, at), slimmable(l.get("slimmable"), at + ".slimmable"));
        } catch (NamFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw fail(at + ": " + e.getMessage());
        }
    }

    /** Exactly one of {@code kernel_size} (every layer) and {@code kernel_sizes} (one per layer). */
    private int[] kernelSizes(JsonNode l, String at, int count) {
        JsonNode one = l.get("kernel_size");
        JsonNode list = l.get("kernel_sizes");
        if ((one == null) == (list == null)) {
            throw fail(at + ": exactly one of kernel_size and kernel_sizes must be given, found "
                    + (one == null ? "neither" : "both"));
        }
        int[] k = new int[count];
        for (int i = 0; i < count; i++) {
            k[i] = one != null ? integer(l, at, "kernel_size")
                    : NamLoader.intValue(source, where, at + ".kernel_sizes[" + i + "]", element(list, at
                    + ".kernel_sizes", i, count));
        }
        return k;
    }

    private List<ActivationFunction> activations(JsonNode l, String at, int count) {
        JsonNode spec = l.get("activation");
        if (spec == null) {
            throw fail(at + ".activation is missing");
        }
        List<ActivationFunction> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(spec.isArray() ? activation(element(spec, at + ".activation", i, count), at + ".activation[" + i + "]")
                    : activation(spec, at + ".activation"));
        }
        return out;
    }

    /** {@code gating_mode} (one or a list) wins over the legacy {@code gated}; neither means none. */
    private List<GatingMode> gatingModes(JsonNode l, String at, int count) {
        JsonNode mode = l.get("gating_mode");
        JsonNode gated = l.get("gated");
        if (gated != null && !gated.isBoolean()) {
            throw fail(at + ".gated must be true or false, found " + gated);
        }
        List<GatingMode> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (mode == null || mode.isNull()) {
                out.add(gated != null && gated.asBoolean() ? GatingMode.GATED : GatingMode.NONE);
                continue;
            }
            String field = at + ".gating_mode" + (mode.isArray() ? "[" + i + "]" : "");
            JsonNode m = mode.isArray() ? element(mode, at + ".gating_mode", i, count) : mode;
            if (!m.isTextual()) {
                throw fail(field + " must be \"none\", \"gated\" or \"blended\", found " + m);
            }
            try {
                out.add(GatingMode.byName(m.asText()));
            } catch (IllegalArgumentException e) {
                throw fail(field + ": " + e.getMessage());
            }
        }
        return out;
    }

    private JsonNode element(JsonNode list, String field, int i, int count) {
        if (!list.isArray() || list.size() != count) {
            throw fail(field + " must list one entry per layer (" + count + "), found "
                    + (list.isArray() ? list.size() + " entries" : list.toString()));
        }
        return list.get(i);
    }

    private ActivationFunction activation(JsonNode spec, String field) {
        try {
            return NamActivations.of(spec);
        } catch (IllegalArgumentException e) {
            throw fail(field + ": " + e.getMessage());
        }
    }

    /** A {@code layer1x1} object (all keys required) or, absent, the default: active, one group. */
    private LayerArrayConfig.Layer1x1 layer1x1(JsonNode l, String at) {
        JsonNode o = l.get("layer1x1");
        if (o == null) {
            return new LayerArrayConfig.Layer1x1(1);
        }
        String field = at + ".layer1x1";
        requireObject(o, field, Set.of("active", "groups"));
        return bool(o, field, "active") ? new LayerArrayConfig.Layer1x1(integer(o, field, "groups")) : null;
    }

    /** A {@code head1x1} object (all keys required) or, absent, inactive. */
    private LayerArrayConfig.Head1x1 head1x1(JsonNode l, String at) {
        JsonNode o = l.get("head1x1");
        if (o == null) {
            return null;
        }
        String field = at + ".head1x1";
        requireObject(o, field, Set.of("active", "out_channels", "groups"));
        return bool(o, field, "active")
                ? new LayerArrayConfig.Head1x1(integer(o, field, "out_channels"), integer(o, field, "groups")) : null;
    }

    /** The {@code head} object, which wins, or the legacy {@code head_size} and {@code head_bias}. */
    private LayerArrayConfig.ArrayHead arrayHead(JsonNode l, String at) {
        JsonNode o = l.get("head");
        if (o != null && !o.isNull()) {
            String field = at + ".head";
            if (!o.isObject()) {
                throw fail(field + " must be an object, found " + o);
            }
            NamLoader.checkFields(source, where, field, o, Set.of("out_channels", "kernel_size", "bias", "head_dilation"));
            return new LayerArrayConfig.ArrayHead(integer(o, field, "out_channels"), integer(o, field, "kernel_size"),
                    bool(o, field, "bias"), optionalInt(o, field, "head_dilation", 1));
        }
        return new LayerArrayConfig.ArrayHead(integer(l, at, "head_size"), 1, bool(l, at, "head_bias"), 1);
    }

    /** Absent or false: off; an object: active [true], shift [true], groups [1]. */
    private FilmConfig film(JsonNode o, String field) {
        if (o == null || o.isNull() || (o.isBoolean() && !o.asBoolean())) {
            return null;
        }
        if (!o.isObject()) {
            throw fail(field + " must be false or an object {active, shift, groups}, found " + o);
        }
        NamLoader.checkFields(source, where, field, o, Set.of("active", "shift", "groups"));
        if (o.has("active") && !bool(o, field, "active")) {
            return null;
        }
        boolean shift = !o.has("shift") || bool(o, field, "shift");
        return new FilmConfig(shift, optionalInt(o, field, "groups", 1));
    }

    /** {@code slimmable}: null or absent, or {@code slice_channels_uniform} with its allowed channel counts. */
    private List<Integer> slimmable(JsonNode o, String field) {
        if (o == null || o.isNull()) {
            return List.of();
        }
        if (!o.isObject()) {
            throw fail(field + " must be null or an object {method, kwargs}, found " + o);
        }
        NamLoader.checkFields(source, where, field, o, Set.of("method", "kwargs"));
        JsonNode method = o.get("method");
        if (method == null || !method.asText().equals("slice_channels_uniform")) {
            throw fail(field + ".method must be \"slice_channels_uniform\", found " + method);
        }
        JsonNode allowed = o.path("kwargs").get("allowed_channels");
        if (allowed == null || !allowed.isArray() || allowed.isEmpty()) {
            throw fail(field + ".kwargs.allowed_channels must be a non-empty list, found " + allowed);
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < allowed.size(); i++) {
            out.add(NamLoader.intValue(source, where, field + ".kwargs.allowed_channels[" + i + "]", allowed.get(i)));
        }
        return out;
    }

    /** The post-stack {@code config.head}, or null. */
    private PostStackHead postStackHead(JsonNode o, int lastHeadSize) {
        if (o == null || o.isNull()) {
            return null;
        }
        String field = "config.head";
        if (!o.isObject()) {
            throw fail(field + " must be null or an object, found " + o);
        }
        NamLoader.checkFields(source, where, field, o, HEAD_FIELDS);
        if (o.has("in_channels") && integer(o, field, "in_channels") != lastHeadSize) {
            throw fail(field + ".in_channels must be the last layer array's head size (" + lastHeadSize + "), found "
                    + o.get("in_channels"));
        }
        JsonNode ks = o.get("kernel_sizes");
        if (ks == null || !ks.isArray() || ks.isEmpty()) {
            throw fail(field + ".kernel_sizes must be a non-empty list, found " + ks);
        }
        List<Integer> kernels = new ArrayList<>();
        for (int i = 0; i < ks.size(); i++) {
            kernels.add(NamLoader.intValue(source, where, field + ".kernel_sizes[" + i + "]", ks.get(i)));
        }
        ActivationFunction act = activation(o.get("activation"), field + ".activation");
        if (act instanceof ActivationFunction.PReLU p && p.channels() > 1) {
            int channels = integer(o, field, "channels");
            if (p.channels() != channels || (lastHeadSize != channels)) {
                throw fail(field + ".activation: PReLU has " + p.channels() + " negative_slopes but its convs take "
                        + lastHeadSize + " and " + channels + " channels");
            }
        }
        try {
            return new PostStackHead(integer(o, field, "channels"), integer(o, field, "out_channels"), kernels, act);
        } catch (IllegalArgumentException e) {
            throw fail(field + ": " + e.getMessage());
        }
    }

    private void requireObject(JsonNode o, String field, Set<String> keys) {
        if (!o.isObject()) {
            throw fail(field + " must be an object, found " + o);
        }
        NamLoader.checkFields(source, where, field, o, keys);
        for (String k : keys) {
            if (!o.has(k)) {
                throw fail(field + "." + k + " is missing (a " + field.substring(field.lastIndexOf('.') + 1)
                        + " object needs all of " + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
            }
        }
    }

    private int integer(JsonNode node, String at, String field) {
        return NamLoader.intField(source, where, at, node, field);
    }

    private int optionalInt(JsonNode node, String at, String field, int fallback) {
        return node.has(field) ? integer(node, at, field) : fallback;
    }

    private boolean bool(JsonNode node, String at, String field) {
        return NamLoader.boolField(source, where, at, node, field);
    }

    private NamFormatException fail(String message) {
        return new NamFormatException(source, where + ": " + message);
    }
}
