package dev.convstream.features.rtneural;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.check.Require;
import dev.convstream.io.UntrustedJson;
import dev.convstream.kernel.ElementwiseMath;
import dev.convstream.kernel.Kernels;
import dev.convstream.layer.BatchNorm;
import dev.convstream.tensor.Tensor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Loads RTNeural's model JSON: the Keras export ({@link #load}) and the PyTorch state_dict export
 * with a caller-stated layer list ({@link #loadTorch}), both into an {@link RtNeuralModel}.
 * The Keras export has {@code in_shape} ({@code [null, T, C]} or {@code [null, T, F, C]}) and {@code layers} of type dense, conv1d,
 * conv2d, gru, lstm, batchnorm, batchnorm2d, prelu and activation, each optionally followed by its own
 * {@code activation} (tanh, relu, sigmoid, softmax over the channel axis as Keras's default,
 * elu; the activation library's functions, batch norm folded by conv-core's {@code BatchNorm}).
 * Keras kernels are converted once, here,
 * to convstream's PyTorch layout: dense {@code [in][out] -> [out][in]}, conv1d
 * {@code [K][Cin/g][Cout] -> [Cout][Cin/g][K]}, conv2d {@code [Kt][Kf][Cin][Cout] ->
 * [Cout][Cin][Kt][Kf]} (H = time, W = feature, as conv-core's StreamingConv2d; time taps stay
 * oldest first).
 *
 * <p>Keras GRU ({@code reset_after=True}, TensorFlow 2's default) and LSTM layers are read as
 * RTNeural's {@code model_loader.h} reads them (see {@code KerasRecurrent}): weights
 * {@code [kernel [in][G H], recurrent [H][G H], bias]}, zero initial state, the layer's own
 * {@code activation} (tanh) being the cell's, not one applied after it. Every
 * weight array's shape is checked against the layer's sizes and the frame arriving from the
 * previous layer; errors name {@code layers[i]} and the key, with expected vs found.
 */
public final class RtNeuralLoader {
    private static final ObjectMapper JSON = UntrustedJson.mapper();

    private final Kernels kernels;

    /** Models on {@link Kernels#preferred()}. */
    public RtNeuralLoader() {
        this(Kernels.preferred());
    }

    public RtNeuralLoader(Kernels kernels) {
        Require.notNull("kernels", kernels);
        this.kernels = kernels;
    }

    /** {@link #parse} of the file's text; errors are prefixed with the path. */
    public RtNeuralModel load(Path path) throws IOException {
        try {
            return parse(UntrustedJson.readText(path));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads RTNeural's PyTorch-export format: a {@code state_dict} saved as JSON (tensors as
     * nested lists under keys such as {@code "conv1.weight"}, {@code "gru.weight_ih_l0"}), the
     * files RTNeural's {@code torch_helpers.h} reads. A state_dict holds no architecture (an
     * RTNeural user declares the model in C++ and calls {@code loadConv1D}, {@code loadDense},
     * {@code loadGRU}, {@code loadLSTM} per layer, and reads BatchNorm1d and PReLU by hand as its
     * microtcn test does), so the caller states it as {@code layers},
     * one {@link TorchLayerSpec} per call RTNeural's user would make, in model order. Every tensor
     * is checked against the stated sizes; an error names the file and the key.
     *
     * <p>Conv1d runs as RTNeural runs it: causal, zero history, stride 1; a PyTorch conv with no
     * padding therefore appears delayed by {@code (K-1) d} frames, reported by
     * {@link RtNeuralModel#validPaddingDelay()} (a micro-TCN block's conv1 likewise). GRU and LSTM
     * run with zero initial state.
     */
    public RtNeuralModel loadTorch(Path stateDict, List<TorchLayerSpec> layers) throws IOException {
        try {
            return parseTorch(UntrustedJson.readText(stateDict), layers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(stateDict + ": " + e.getMessage(), e);
        }
    }

    /** {@link #loadTorch} from the JSON text. */
    public RtNeuralModel parseTorch(String json, List<TorchLayerSpec> layers) {
        Require.notNull("layers", layers);
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("state_dict is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return new TorchStateDict(root, kernels).build(layers);
    }

    /**
     * Either format from its text: a Keras export ({@code in_shape}, {@code layers}), or a PyTorch
     * state_dict that carries its layer list under {@code "convstream_torch_layers"} (see
     * {@link #loadTorch} for what the list means; entries {@code {"type": "gru", "prefix": "gru.",
     * "in": 1, "out": 8}} with optional {@code kernel_size}, {@code dilation}, {@code groups},
     * {@code index}, {@code bias}, {@code activation}). This is what the CLI's {@code info} and
     * {@code features --model} read.
     */
    public RtNeuralModel parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("model is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root != null && root.has(TorchStateDict.LAYERS_KEY)) {
            return new TorchStateDict(root, kernels).build(TorchStateDict.layersOf(root.get(TorchStateDict.LAYERS_KEY)));
        }
        JsonNode inShape = root == null ? null : root.get("in_shape");
        if (inShape == null && root != null && root.isObject() && !root.has("layers")) {
            throw new IllegalArgumentException("no in_shape and no layers: not an RTNeural Keras export; a PyTorch "
                    + "state_dict (RTNeural's torch export) needs its layer list under \"" + TorchStateDict.LAYERS_KEY
                    + "\" (README, model formats)");
        }
        if (inShape == null || !inShape.isArray() || inShape.size() < 2 || inShape.size() > 4) {
            throw new IllegalArgumentException("in_shape must be [null, T, C] or [null, T, F, C], found " + inShape);
        }
        int channels = positive(inShape.get(inShape.size() - 1), "in_shape channels (last entry)");
        int features = inShape.size() == 4 ? positive(inShape.get(2), "in_shape features (F)") : 0;
        JsonNode layers = root.get("layers");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw new IllegalArgumentException("layers must be a non-empty array");
        }
        List<RtNeuralModel.Layer> built = new ArrayList<>();
        ElementwiseMath math = kernels.math();
        for (int i = 0; i < layers.size(); i++) {
            String where = "layers[" + i + "]";
            JsonNode n = layers.get(i);
            String type = n.path("type").asText("");
            IntFunction<ActivationFunction> act = activation(n.path("activation").asText(""), where + ".activation");
            int size = features > 0 ? features * channels : channels;
            RtNeuralModel.Layer layer;
            switch (type) {
                case "dense" -> {
                    int out = dim(weights(n, where, 2).get(0), 1);
                    float[] w = array(weights(n, where, 2).get(0), new int[] {size, out}, where + ".weights[0]");
                    float[] b = array(weights(n, where, 2).get(1), new int[] {out}, where + ".weights[1]");
                    layer = FrameLayers.dense(size, out, transpose(w, size, out), b, act.apply(out), math);
                    channels = out;
                    features = 0;
                }
                case "conv1d" -> {
                    if (features > 0) {
                        throw new IllegalArgumentException(where + ": conv1d on a 2-D frame of " + features + " features x "
                                + channels + " channels; conv1d needs a 1-D model");
                    }
                    int k = first(n, "kernel_size", where);
                    int d = first(n, "dilation", where);
                    int g = n.has("groups") ? n.get("groups").asInt() : 1;
                    if (g < 1 || channels % g != 0) {
                        throw new IllegalArgumentException(where + ".groups: " + g + " does not divide the " + channels
                                + " input channels");
                    }
                    List<JsonNode> ws = weights(n, where, 2);
                    int cout = dim(ws.get(0), 2);
                    float[] w = array(ws.get(0), new int[] {k, channels / g, cout}, where + ".weights[0]");
                    float[] b = array(ws.get(1), new int[] {cout}, where + ".weights[1]");
                    float[] torch = new float[w.length]; // [K][Cin/g][Cout] -> [Cout][Cin/g][K]
                    int cinG = channels / g;
                    for (int kk = 0; kk < k; kk++) {
                        for (int ci = 0; ci < cinG; ci++) {
                            for (int co = 0; co < cout; co++) {
                                torch[(co * cinG + ci) * k + kk] = w[(kk * cinG + ci) * cout + co];
                            }
                        }
                    }
                    layer = FrameLayers.conv1d(channels, cout, k, d, g, torch, b, act.apply(cout), kernels);
                    channels = cout;
                }
                case "conv2d" -> {
                    if (features == 0) {
                        throw new IllegalArgumentException(where + ": conv2d needs a 2-D model (in_shape [null, T, F, C])");
                    }
                    int kt = first(n, "kernel_size_time", where);
                    int kf = first(n, "kernel_size_feature", where);
                    int d = first(n, "dilation", where);
                    int s = first(n, "strides", where);
                    int cin = first(n, "num_filters_in", where);
                    int fin = first(n, "num_features_in", where);
                    int cout = first(n, "num_filters_out", where);
                    if (cin != channels || fin != features) {
                        throw new IllegalArgumentException(where + ": num_filters_in/num_features_in are " + cin + "/" + fin
                                + ", the incoming frame has " + channels + " channels and " + features + " features");
                    }
                    String padding = n.path("padding").asText("valid");
                    if (!padding.equals("valid") && !padding.equals("same")) {
                        throw new IllegalArgumentException(where + ".padding: expected 'valid' or 'same', found '" + padding + "'");
                    }
                    List<JsonNode> ws = weights(n, where, 2);
                    float[] w = array(ws.get(0), new int[] {kt, kf, cin, cout}, where + ".weights[0]");
                    float[] b = array(ws.get(1), new int[] {cout}, where + ".weights[1]");
                    float[] torch = new float[w.length]; // [Kt][Kf][Cin][Cout] -> [Cout][Cin][Kt][Kf]
                    for (int a = 0; a < kt; a++) {
                        for (int f = 0; f < kf; f++) {
                            for (int ci = 0; ci < cin; ci++) {
                                for (int co = 0; co < cout; co++) {
                                    torch[((co * cin + ci) * kt + a) * kf + f] = w[((a * kf + f) * cin + ci) * cout + co];
                                }
                            }
                        }
                    }
                    var spec = FrameLayers.conv2dSpec(cin, cout, kt, kf, d, s, features, padding.equals("same"));
                    int outF = spec.outputWidth(features);
                    if (outF < 1) {
                        throw new IllegalArgumentException(where + ": kernel_size_feature " + kf + " leaves no output of "
                                + features + " features with padding '" + padding + "'");
                    }
                    layer = FrameLayers.conv2d(spec, padding.equals("same"), features, torch, b, act.apply(cout), kernels);
                    channels = cout;
                    features = outF;
                }
                case "batchnorm", "batchnorm2d" -> {
                    List<JsonNode> ws = weights(n, where, -1);
                    if (ws.size() != 4 && ws.size() != 2) {
                        throw new IllegalArgumentException(where + ".weights: expected [gamma, beta, mean, var] or [mean, var], found "
                                + ws.size() + " arrays");
                    }
                    Tensor[] v = new Tensor[ws.size()];
                    for (int j = 0; j < ws.size(); j++) {
                        v[j] = Tensor.of(array(ws.get(j), new int[] {channels}, where + ".weights[" + j + "]"), channels);
                    }
                    double eps = n.has("epsilon") ? n.get("epsilon").asDouble() : 1e-3;
                    int o = ws.size() == 4 ? 2 : 0; // Keras order: [gamma, beta,] moving mean, moving variance
                    BatchNorm bn = new BatchNorm(v[o], v[o + 1], o == 2 ? v[0] : null, o == 2 ? v[1] : null, eps);
                    layer = FrameLayers.affine(type, size, channels, bn.scale(), bn.shift(), act.apply(channels), math);
                }
                case "prelu" -> {
                    JsonNode a = weights(n, where, 1).get(0);
                    float[] alpha = flat(a, where + ".weights[0]");
                    if (alpha.length != channels && alpha.length != 1 && alpha.length != size) {
                        throw new IllegalArgumentException(where + ".weights[0]: PReLU alpha has " + alpha.length
                                + " values, expected " + channels + " (per channel) or 1 (shared)");
                    }
                    layer = FrameLayers.prelu(size, alpha, act.apply(channels), math);
                }
                case "activation" -> layer = FrameLayers.activation(size, act.apply(channels), math);
                case "gru", "lstm" -> {
                    if (features > 0) {
                        throw new IllegalArgumentException(where + ": " + type + " on a 2-D frame of " + features
                                + " features x " + channels + " channels; RTNeural's recurrent layers need a 1-D model");
                    }
                    layer = KerasRecurrent.layer(type, n, where, channels, math);
                    channels = layer.frames().outputSize();
                }
                default -> throw new IllegalArgumentException(where + ".type: unknown RTNeural layer type '" + type
                        + "', expected dense, conv1d, conv2d, gru, lstm, batchnorm, batchnorm2d, prelu or activation");
            }
            checkDeclaredShape(n, where, channels, features);
            built.add(layer);
        }
        return new RtNeuralModel(built);
    }

    /**
     * Keras activations by RTNeural's names ({@code ""} and {@code linear} are the identity), as
     * functions of the layer's channel count (softmax normalises over the channel axis, Keras's
     * default {@code axis=-1}). A name table only: the math is the activation library's.
     */
    static IntFunction<ActivationFunction> activation(String name, String where) {
        return switch (name) {
            case "", "linear" -> channels -> ActivationFunction.identity();
            case "tanh" -> channels -> ActivationFunction.tanh();
            case "relu" -> channels -> ActivationFunction.relu();
            case "sigmoid" -> channels -> ActivationFunction.sigmoid();
            case "softmax" -> ActivationFunction::softmax;
            case "elu" -> channels -> ActivationFunction.elu(1f);
            default -> throw new IllegalArgumentException(where + ": unknown activation '" + name
                    + "', expected '', tanh, relu, sigmoid, softmax or elu");
        };
    }

    private static void checkDeclaredShape(JsonNode n, String where, int channels, int features) {
        JsonNode shape = n.get("shape");
        if (shape == null || !shape.isArray() || shape.isEmpty()) {
            return;
        }
        JsonNode last = shape.get(shape.size() - 1);
        if (last.isNull()) {
            return;
        }
        int declared = last.asInt();
        int total = features > 0 ? features * channels : channels;
        if (declared != channels && declared != total) {
            throw new IllegalArgumentException(where + ".shape: declares " + declared + " outputs, the layer computes "
                    + channels + " channels" + (features > 0 ? " x " + features + " features" : ""));
        }
    }

    static List<JsonNode> weights(JsonNode n, String where, int count) {
        JsonNode w = n.get("weights");
        if (w == null || !w.isArray() || (count >= 0 && w.size() != count)) {
            throw new IllegalArgumentException(where + ".weights: expected " + (count < 0 ? "an array" : count + " arrays")
                    + ", found " + (w == null ? "none" : w.isArray() ? w.size() + " arrays" : w.getNodeType()));
        }
        List<JsonNode> out = new ArrayList<>();
        w.forEach(out::add);
        return out;
    }

    private static int first(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v != null && v.isArray() && v.size() >= 1) {
            v = v.get(0);
        }
        if (v == null || !v.canConvertToInt() || v.asInt() < 1) {
            throw new IllegalArgumentException(where + "." + key + ": expected a positive integer (or [int]), found " + n.get(key));
        }
        return v.asInt();
    }

    private static int positive(JsonNode v, String what) {
        if (v == null || !v.canConvertToInt() || v.asInt() < 1) {
            throw new IllegalArgumentException(what + " must be a positive integer, found " + v);
        }
        return v.asInt();
    }

    /** Size of axis {@code axis} of a nested list, following first elements. */
    static int dim(JsonNode node, int axis) {
        JsonNode v = node;
        for (int i = 0; i < axis; i++) {
            if (!v.isArray() || v.isEmpty()) {
                return -1;
            }
            v = v.get(0);
        }
        return v.isArray() ? v.size() : -1;
    }

    private static int[] shapeOf(JsonNode node) {
        List<Integer> dims = new ArrayList<>();
        JsonNode v = node;
        while (v.isArray()) {
            dims.add(v.size());
            if (v.isEmpty()) {
                break;
            }
            v = v.get(0);
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The nested list as row-major floats, checked to have exactly {@code shape}. */
    static float[] array(JsonNode node, int[] shape, String where) {
        int[] found = shapeOf(node);
        if (!Arrays.equals(found, shape)) {
            throw new IllegalArgumentException(where + " has shape " + Arrays.toString(found) + ", expected "
                    + Arrays.toString(shape));
        }
        float[] out = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        int[] pos = {0};
        fill(node, 0, shape, out, pos, where);
        return out;
    }

    private static void fill(JsonNode node, int axis, int[] shape, float[] out, int[] pos, String where) {
        if (axis == shape.length) {
            if (!node.isNumber()) {
                throw new IllegalArgumentException(where + ": expected a number, found " + node);
            }
            out[pos[0]++] = (float) node.asDouble();
            return;
        }
        if (!node.isArray() || node.size() != shape[axis]) {
            throw new IllegalArgumentException(where + " is ragged: an axis-" + axis + " list has "
                    + (node.isArray() ? node.size() : "no") + " entries, expected " + shape[axis]);
        }
        for (JsonNode child : node) {
            fill(child, axis + 1, shape, out, pos, where);
        }
    }

    private static float[] flat(JsonNode node, String where) {
        return array(node, shapeOf(node), where);
    }

    private static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[r * cols + c];
            }
        }
        return t;
    }
}
