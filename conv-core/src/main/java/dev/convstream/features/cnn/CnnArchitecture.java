package dev.convstream.features.cnn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convstream.activation.ActivationFunction;
import dev.convstream.check.Require;
import dev.convstream.io.InputFiles;
import dev.convstream.io.UntrustedJson;
import dev.convstream.layer.PoolWindow;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.Padding;
import dev.convstream.spec.PaddingMode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A 2D CNN feature extractor's architecture, read from a small JSON file (schema
 * {@code "format": "convstream.cnn/1"}; a full example is the test resource
 * {@code features/golden/cnn_arch.json}):
 * <pre>
 * { "format": "convstream.cnn/1",
 *   "input": { "channels": 1, "mel_bands": 40 },
 *   "layers": [
 *     { "type": "conv2d", "name": "features.0", "in_channels": 1, "out_channels": 8,
 *       "kernel_size": [3, 3], "stride": [1, 1], "padding": [[2, 0], [1, 1]],
 *       "dilation": [1, 1], "groups": 1, "bias": true, "padding_mode": "zeros" },
 *     { "type": "batchnorm2d", "name": "features.1", "num_features": 8, "eps": 1e-5, "affine": true },
 *     { "type": "activation", "function": "relu" },
 *     { "type": "maxpool2d", "kernel_size": [1, 2], "stride": [1, 2] },
 *     { "type": "dwsep_conv2d", "name": "features.4", "in_channels": 8, "out_channels": 16,
 *       "kernel_size": [3, 3], "padding": [[2, 0], [1, 1]], "bias": true },
 *     { "type": "global_avg_pool" } ] }
 * </pre>
 * Layout: input {@code [N][channels][frames][mel_bands]}, the features package's convention;
 * every pair is (H = time frame, W = mel band). {@code padding} is an int (both axes, both
 * sides), {@code [h, w]}, or {@code [[top, bottom], [left, right]]} (asymmetric;
 * {@code [top, bottom] = [d(kh-1), 0]} is causal in time, the form a streaming stack needs for
 * zero delay). Defaults: stride 1 (pools:
 * the kernel), padding 0, dilation 1, groups 1, bias true, padding_mode zeros, eps 1e-5,
 * affine true, ceil_mode false, count_include_pad true. Activation functions: relu,
 * leaky_relu ({@code negative_slope}, 0.01), tanh, sigmoid, gelu, gelu_tanh, silu, hardtanh
 * ({@code min_val}, {@code max_val}). Layer types: conv2d, dwsep_conv2d, batchnorm2d,
 * activation, maxpool2d, avgpool2d, global_avg_pool (last only). Unknown keys are errors, so a
 * typo is never silently ignored.
 */
public record CnnArchitecture(int inputChannels, int melBands, List<LayerDef> layers) {
    public static final String FORMAT = "convstream.cnn/1";
    private static final ObjectMapper JSON = UntrustedJson.mapper();

    public CnnArchitecture {
        layers = List.copyOf(layers);
        for (int i = 0; i < layers.size() - 1; i++) {
            if (layers.get(i) instanceof LayerDef.GlobalAvgPool) {
                throw new IllegalArgumentException("layers[" + i + "]: global_avg_pool must be the last layer");
            }
        }
    }

    public static CnnArchitecture read(Path path) throws IOException {
        try {
            return parse(UntrustedJson.readText(InputFiles.requireRegularFile(path, "CNN architecture file")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    public static CnnArchitecture parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("architecture is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("architecture must be a JSON object");
        }
        keys(root, "", Set.of("format", "input", "layers"));
        String format = text(root, "format", "", null);
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format must be '" + FORMAT + "', found '" + format + "'");
        }
        JsonNode input = required(root, "input", "");
        keys(input, "input", Set.of("channels", "mel_bands"));
        int channels = integer(input, "channels", "input", null);
        int mels = integer(input, "mel_bands", "input", null);
        Require.atLeastOne("input.channels", channels);
        Require.atLeastOne("input.mel_bands", mels);
        JsonNode list = required(root, "layers", "");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("layers must be a non-empty array");
        }
        List<LayerDef> defs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "layers[" + i + "]";
            try {
                defs.add(layer(list.get(i), where));
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return new CnnArchitecture(channels, mels, defs);
    }

    private static LayerDef layer(JsonNode n, String where) {
        String type = text(n, "type", where, null);
        switch (type) {
            case "conv2d" -> {
                keys(n, where, Set.of("type", "name", "in_channels", "out_channels", "kernel_size", "stride", "padding",
                        "dilation", "groups", "bias", "padding_mode"));
                return new LayerDef.Conv(text(n, "name", where, null), conv(n, where, integer(n, "groups", where, 1)));
            }
            case "dwsep_conv2d" -> {
                keys(n, where, Set.of("type", "name", "in_channels", "out_channels", "kernel_size", "stride", "padding",
                        "dilation", "bias", "padding_mode"));
                int cin = integer(n, "in_channels", where, null);
                int cout = integer(n, "out_channels", where, null);
                int[] k = pair(n, "kernel_size", where, null);
                int[] s = pair(n, "stride", where, 1);
                int[] d = pair(n, "dilation", where, 1);
                Padding[] p = padding(n, where);
                boolean bias = bool(n, "bias", where, true);
                PaddingMode mode = PaddingMode.parse(text(n, "padding_mode", where, "zeros"));
                Conv2dSpec depthwise = new Conv2dSpec(cin, cin, k[0], k[1], s[0], s[1], p[0], p[1], mode, d[0], d[1],
                        cin, bias);
                Conv2dSpec pointwise = new Conv2dSpec(cin, cout, 1, 1, 1, 1, Padding.valid(), Padding.valid(),
                        PaddingMode.ZEROS, 1, 1, 1, bias);
                return new LayerDef.DepthwiseSeparable(text(n, "name", where, null), depthwise, pointwise);
            }
            case "batchnorm2d" -> {
                keys(n, where, Set.of("type", "name", "num_features", "eps", "affine"));
                double eps = n.has("eps") ? n.get("eps").asDouble() : 1e-5;
                return new LayerDef.BatchNorm(text(n, "name", where, null), integer(n, "num_features", where, null),
                        eps, bool(n, "affine", where, true));
            }
            case "activation" -> {
                keys(n, where, Set.of("type", "function", "negative_slope", "min_val", "max_val"));
                return new LayerDef.Activation(function(n, where));
            }
            case "maxpool2d", "avgpool2d" -> {
                keys(n, where, Set.of("type", "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"));
                int[] k = pair(n, "kernel_size", where, null);
                int[] s = n.has("stride") ? pair(n, "stride", where, null) : k;
                int[] p = pair(n, "padding", where, 0);
                return new LayerDef.Pool(type.equals("maxpool2d"), PoolWindow.of(k[0], s[0], p[0]),
                        PoolWindow.of(k[1], s[1], p[1]), bool(n, "ceil_mode", where, false),
                        bool(n, "count_include_pad", where, true));
            }
            case "global_avg_pool" -> {
                keys(n, where, Set.of("type"));
                return new LayerDef.GlobalAvgPool();
            }
            default -> throw new IllegalArgumentException(where + ".type: unknown layer type '" + type
                    + "', expected conv2d, dwsep_conv2d, batchnorm2d, activation, maxpool2d, avgpool2d or global_avg_pool");
        }
    }

    private static Conv2dSpec conv(JsonNode n, String where, int groups) {
        int[] k = pair(n, "kernel_size", where, null);
        int[] s = pair(n, "stride", where, 1);
        int[] d = pair(n, "dilation", where, 1);
        Padding[] p = padding(n, where);
        return new Conv2dSpec(integer(n, "in_channels", where, null), integer(n, "out_channels", where, null),
                k[0], k[1], s[0], s[1], p[0], p[1], PaddingMode.parse(text(n, "padding_mode", where, "zeros")),
                d[0], d[1], groups, bool(n, "bias", where, true));
    }

    private static ActivationFunction function(JsonNode n, String where) {
        String f = text(n, "function", where, null).toLowerCase(Locale.ROOT);
        return switch (f) {
            case "relu" -> ActivationFunction.relu();
            case "leaky_relu" -> ActivationFunction.leakyRelu(n.has("negative_slope")
                    ? (float) n.get("negative_slope").asDouble() : 0.01f);
            case "tanh" -> ActivationFunction.tanh();
            case "sigmoid" -> ActivationFunction.sigmoid();
            case "gelu" -> ActivationFunction.gelu();
            case "gelu_tanh" -> ActivationFunction.geluTanh();
            case "silu" -> ActivationFunction.silu();
            case "hardtanh" -> ActivationFunction.hardtanh(n.has("min_val") ? (float) n.get("min_val").asDouble() : -1f,
                    n.has("max_val") ? (float) n.get("max_val").asDouble() : 1f);
            default -> throw new IllegalArgumentException(where + ".function: unknown activation '" + f
                    + "', expected relu, leaky_relu, tanh, sigmoid, gelu, gelu_tanh, silu or hardtanh");
        };
    }

    private static Padding[] padding(JsonNode n, String where) {
        JsonNode p = n.get("padding");
        if (p == null) {
            return new Padding[] {Padding.valid(), Padding.valid()};
        }
        if (p.isInt()) {
            return new Padding[] {Padding.of(p.asInt()), Padding.of(p.asInt())};
        }
        if (p.isArray() && p.size() == 2 && p.get(0).isInt() && p.get(1).isInt()) {
            return new Padding[] {Padding.of(p.get(0).asInt()), Padding.of(p.get(1).asInt())};
        }
        if (p.isArray() && p.size() == 2 && p.get(0).isArray() && p.get(1).isArray()
                && p.get(0).size() == 2 && p.get(1).size() == 2) {
            return new Padding[] {new Padding(p.get(0).get(0).asInt(), p.get(0).get(1).asInt()),
                new Padding(p.get(1).get(0).asInt(), p.get(1).get(1).asInt())};
        }
        throw new IllegalArgumentException(where + ".padding: expected an int, [h, w] or [[top, bottom], [left, right]], found " + p);
    }

    private static void keys(JsonNode n, String where, Set<String> allowed) {
        n.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException((where.isEmpty() ? "" : where + ": ") + "unknown key '" + k
                        + "', expected one of " + new java.util.TreeSet<>(allowed));
            }
        });
    }

    private static JsonNode required(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(path(where, key) + " is required");
        }
        return v;
    }

    private static String path(String where, String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    private static String text(JsonNode n, String key, String where, String fallback) {
        JsonNode v = n.get(key);
        if (v == null && fallback != null) {
            return fallback;
        }
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(path(where, key) + " must be a string, found " + v);
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String key, String where, Integer fallback) {
        JsonNode v = n.get(key);
        if (v == null && fallback != null) {
            return fallback;
        }
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(path(where, key) + " must be an integer, found " + v);
        }
        return v.asInt();
    }

    private static boolean bool(JsonNode n, String key, String where, boolean fallback) {
        JsonNode v = n.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(path(where, key) + " must be true or false, found " + v);
        }
        return v.asBoolean();
    }

    private static int[] pair(JsonNode n, String key, String where, Integer fallback) {
        JsonNode v = n.get(key);
        if (v == null && fallback != null) {
            return new int[] {fallback, fallback};
        }
        if (v != null && v.isInt()) {
            return new int[] {v.asInt(), v.asInt()};
        }
        if (v != null && v.isArray() && v.size() == 2 && v.get(0).isInt() && v.get(1).isInt()) {
            return new int[] {v.get(0).asInt(), v.get(1).asInt()};
        }
        throw new IllegalArgumentException(path(where, key) + " must be an int or [h, w] (h = time, w = mel band), found " + v);
    }
}
