package dev.convstream.features.rtneural;

import dev.convstream.kernel.ElementwiseMath;
import dev.convstream.kernel.Kernels;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Builds an {@link RtNeuralModel} from a PyTorch {@code state_dict} JSON (RTNeural's
 * {@code torch_helpers.h} format) and the user's layer list. Layouts, as torch_helpers reads them:
 * conv1d {@code weight [out][in/g][K]} is already convstream's layout with taps oldest first
 * (PyTorch correlates, so tap {@code K-1} meets the newest frame; RTNeural reverses the taps only
 * because it stores them newest first); dense {@code weight [out][in]} is convstream's layout;
 * GRU/LSTM weights stay in PyTorch's gate order, which {@link FrameLayers#gru}/{@link FrameLayers#lstm}
 * compute directly (RTNeural transposes and swaps r/z into its Keras-shaped layers instead).
 */
final class TorchStateDict {
    private final JsonNode root;
    private final Kernels kernels;

    TorchStateDict(JsonNode root, Kernels kernels) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a PyTorch state_dict must be a JSON object of tensors, found "
                    + (root == null ? "nothing" : root.getNodeType()));
        }
        this.root = root;
        this.kernels = kernels;
    }

    RtNeuralModel build(List<TorchLayerSpec> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("the layer list is empty; name at least one layer of the state_dict");
        }
        for (int i = 0; i < specs.size(); i++) {
            checkReadable(i, specs.get(i));
        }
        for (int i = 1; i < specs.size(); i++) { // the chain first: a misfit is the user's layer list, not the file
            int previous = specs.get(i - 1).outSize();
            if (specs.get(i).inSize() != previous) {
                throw new IllegalArgumentException(where(i, specs.get(i)) + ": inSize " + specs.get(i).inSize()
                        + " but the previous layer gives " + previous);
            }
        }
        List<RtNeuralModel.Layer> built = new ArrayList<>();
        ElementwiseMath math = kernels.math();
        for (int i = 0; i < specs.size(); i++) {
            TorchLayerSpec s = specs.get(i);
            String where = where(i, s);
            var act = RtNeuralLoader.activation(s.activation(), where + " activation").apply(s.outSize());
            int in = s.inSize();
            int out = s.outSize();
            String p = s.prefix();
            built.add(switch (s.type()) {
                case CONV1D -> {
                    if (in % s.groups() != 0 || out % s.groups() != 0) {
                        throw new IllegalArgumentException(where + ": groups " + s.groups() + " must divide in " + in
                                + " and out " + out);
                    }
                    float[] w = tensor(p + "weight", out, in / s.groups(), s.kernelSize());
                    float[] b = bias(s, p + "bias", out);
                    yield s.stride() == 1
                            ? FrameLayers.conv1d(in, out, s.kernelSize(), s.dilation(), s.groups(), w, b, act, kernels)
                            : FrameLayers.stridedConv1d(in, out, s.kernelSize(), s.dilation(), s.groups(), s.stride(),
                                    w, b, act, kernels);
                }
                case CONVTRANSPOSE1D -> {
                    float[] w = tensor(p + "weight", in, out, s.kernelSize());
                    float[] b = bias(s, p + "bias", out);
                    yield FrameLayers.convTranspose1d(in, out, s.kernelSize(), s.dilation(), s.padding(), w, b, act,
                            kernels);
                }
                case DENSE -> FrameLayers.dense(in, out, tensor(p + "weight", out, in), bias(s, p + "bias", out), act, math);
                case GRU, LSTM -> {
                    int gates = s.type() == TorchLayerSpec.Type.GRU ? 3 : 4;
                    String l = "_l" + s.index();
                    float[] wih = tensor(p + "weight_ih" + l, gates * out, in);
                    float[] whh = tensor(p + "weight_hh" + l, gates * out, out);
                    float[] bih = bias(s, p + "bias_ih" + l, gates * out);
                    float[] bhh = bias(s, p + "bias_hh" + l, gates * out);
                    yield gates == 3 ? FrameLayers.gru(in, out, wih, whh, bih, bhh, act, math)
                            : FrameLayers.lstm(in, out, wih, whh, bih, bhh, act, math);
                }
            });
        }
        return new RtNeuralModel(built);
    }

    /**
     * What RTNeural's torch_helpers read: stride only on conv1d (StridedConv1D); on
     * convtranspose1d groups 1 and stride 1 (its loader swaps in/out of the whole weight, right
     * for groups 1 only, and runs the layer at the output rate) and {@code padding <= (K-1) d}.
     */
    private static void checkReadable(int i, TorchLayerSpec s) {
        String where = where(i, s);
        if (s.stride() != 1 && s.type() != TorchLayerSpec.Type.CONV1D) {
            throw new IllegalArgumentException(where + ": stride " + s.stride() + " applies to conv1d only"
                    + (s.type() == TorchLayerSpec.Type.CONVTRANSPOSE1D
                    ? "; RTNeural runs ConvTranspose1d at the output rate: state stride 1 and feed the input "
                    + "zero-stuffed (stride - 1 zero frames after each frame)" : ""));
        }
        if (s.padding() != 0 && s.type() != TorchLayerSpec.Type.CONVTRANSPOSE1D) {
            throw new IllegalArgumentException(where + ": padding " + s.padding() + " applies to convtranspose1d only "
                    + "(RTNeural runs conv1d causally; an unpadded conv's delay is reported by validPaddingDelay)");
        }
        if (s.type() == TorchLayerSpec.Type.CONVTRANSPOSE1D) {
            if (s.groups() != 1) {
                throw new IllegalArgumentException(where + ": groups " + s.groups() + " is not read for convtranspose1d; "
                        + "RTNeural's loadConvTranspose1D handles groups 1 only");
            }
            int history = (s.kernelSize() - 1) * s.dilation();
            if (s.padding() > history) {
                throw new IllegalArgumentException(where + ": padding " + s.padding() + " must be in [0, " + history
                        + "] ((kernel_size - 1) * dilation)");
            }
        }
    }

    /** The JSON key under which a state_dict file may carry its own layer list (convstream's extension). */
    static final String LAYERS_KEY = "convstream_torch_layers";

    /**
     * The layer list written into the state_dict file itself under {@link #LAYERS_KEY}: entries
     * {@code {"type": "conv1d"|"convtranspose1d"|"dense"|"gru"|"lstm", "prefix": "gru.", "in": 1, "out": 8}} plus,
     * where they apply, {@code kernel_size}, {@code dilation}, {@code groups}, {@code stride} (conv1d),
     * {@code padding} (convtranspose1d), {@code index}
     * (recurrent layer within its module), {@code bias} (default true) and {@code activation}.
     * RTNeural's C++ reads keys by name, so the extra key leaves the file readable by RTNeural.
     */
    static List<TorchLayerSpec> layersOf(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException(LAYERS_KEY + " must be a non-empty array of layers, found " + list.getNodeType());
        }
        List<TorchLayerSpec> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = LAYERS_KEY + "[" + i + "]";
            JsonNode n = list.get(i);
            String type = n.path("type").asText("");
            TorchLayerSpec.Type t = switch (type) {
                case "conv1d" -> TorchLayerSpec.Type.CONV1D;
                case "convtranspose1d" -> TorchLayerSpec.Type.CONVTRANSPOSE1D;
                case "dense" -> TorchLayerSpec.Type.DENSE;
                case "gru" -> TorchLayerSpec.Type.GRU;
                case "lstm" -> TorchLayerSpec.Type.LSTM;
                case "batchnorm1d" -> throw new IllegalArgumentException(at + ".type: 'batchnorm1d' is not read: "
                        + "RTNeural's torch_helpers.h has no BatchNorm1d loader (fold it into the conv before export)");
                default -> throw new IllegalArgumentException(at + ".type: '" + type
                        + "' is not a layer this loader reads, expected conv1d, convtranspose1d, dense, gru or lstm");
            };
            JsonNode prefix = n.get("prefix");
            if (prefix == null || !prefix.isTextual()) {
                throw new IllegalArgumentException(at + ".prefix: expected the state_dict key prefix as a string "
                        + "(\"gru.\", or \"\" for bare keys), found " + prefix);
            }
            JsonNode bias = n.path("bias");
            int in = count(n, "in", -1, at);
            int outSize = count(n, "out", -1, at);
            int k = count(n, "kernel_size", 1, at);
            int d = count(n, "dilation", 1, at);
            int g = count(n, "groups", 1, at);
            int stride = count(n, "stride", 1, at);
            int padding = count(n, "padding", 0, at);
            int index = count(n, "index", 0, at);
            try { // the record's own checks (sizes >= 1) get the entry's name
                out.add(new TorchLayerSpec(t, prefix.asText(), in, outSize, k, d, g, stride, padding, index,
                        bias.isMissingNode() || bias.asBoolean(true), n.path("activation").asText("")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** A non-negative integer field; {@code fallback} when absent, required when {@code fallback < 0}. */
    private static int count(JsonNode n, String key, int fallback, String at) {
        JsonNode v = n.get(key);
        if (v == null && fallback >= 0) {
            return fallback;
        }
        if (v == null || !v.canConvertToInt() || v.asInt() < 0) {
            throw new IllegalArgumentException(at + "." + key + ": expected a non-negative integer, found " + v);
        }
        return v.asInt();
    }

    private static String where(int i, TorchLayerSpec s) {
        return "layer " + i + " (" + s.type().name().toLowerCase(Locale.ROOT) + " '" + s.prefix() + "')";
    }

    private float[] bias(TorchLayerSpec s, String key, int n) {
        return s.hasBias() ? tensor(key, n) : new float[n];
    }

    /** The tensor under {@code key}, checked to have {@code shape}; errors name the key. */
    private float[] tensor(String key, int... shape) {
        JsonNode t = root.get(key);
        if (t == null) {
            throw new IllegalArgumentException("missing key '" + key + "' (expected a tensor of shape "
                    + Arrays.toString(shape) + ")");
        }
        return RtNeuralLoader.array(t, shape, "key '" + key + "'");
    }
}
