package dev.convstream.features.rtneural;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.ElementwiseMath;
import dev.convstream.layer.BatchNorm;
import dev.convstream.tensor.Tensor;
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
 * compute directly (RTNeural transposes and swaps r/z into its Keras-shaped layers instead);
 * BatchNorm1d and PReLU use the keys RTNeural's microtcn test reads by hand, and a micro-TCN
 * block ({@code tcnBlock}) the keys of its {@code TCNBlock.state_dict()}.
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
                case PRELU -> FrameLayers.activation(in, ActivationFunction.prelu(slopes(p + "weight", in)), act, math);
                case BATCHNORM1D -> {
                    BatchNorm bn = batchNorm(p, in, s.affine(), s.eps());
                    yield FrameLayers.affine("batchnorm1d", in, in, bn.scale(), bn.shift(), act, math);
                }
                case TCN_BLOCK -> tcnBlock(s, act);
            });
        }
        return new RtNeuralModel(built);
    }

    /**
     * One micro-TCN block (RTNeural's microtcn test, Steinmetz's {@code TCNBlock}):
     * {@code y = PReLU(BN(conv1(x))) + res(x)}, conv1 {@code weight [out][in][K]} (PyTorch, unpadded),
     * BN in eval mode folded into conv1 here ({@code w' = w s}, {@code b' = b s + t} per output
     * channel, {@code s = gamma / sqrt(var + eps)}, {@code t = beta - mean s}; exact before the
     * PReLU), res {@code weight [out][1][1]} ({@code groups = in}: output channel o reads input
     * channel {@code o / (out/in)}), read at the frame {@link TorchLayerSpec.ResidualCrop} names.
     */
    private RtNeuralModel.Layer tcnBlock(TorchLayerSpec s, ActivationFunction act) {
        int in = s.inSize();
        int out = s.outSize();
        String p = s.prefix();
        for (String[] unread : new String[][] {{"conv1b.weight", "conv1b (micro-TCN's grouped=True pointwise conv) is not "
                + "read; RTNeural's TCNBlock has none"}, {"film.adaptor.weight", "film (micro-TCN's conditional FiLM) is not "
                + "read; it needs the conditioning input, which RTNeural's TCNBlock does not take"}}) {
            if (root.has(p + unread[0])) {
                throw new IllegalArgumentException("key '" + p + unread[0] + "': " + unread[1]);
            }
        }
        absentUnless(s.hasBias(), p + "conv1.bias", "\"bias\": true (conv1 built with bias=True)");
        absentUnless(s.batchNorm(), p + "bn.running_mean", "\"batchnorm\": true");
        float[] w = tensor(p + "conv1.weight", out, in, s.kernelSize());
        float[] b = bias(s, p + "conv1.bias", out);
        if (s.batchNorm()) {
            BatchNorm bn = batchNorm(p + "bn.", out, true, s.eps());
            float[] scale = bn.scale();
            float[] shift = bn.shift();
            int row = in * s.kernelSize();
            for (int o = 0; o < out; o++) {
                for (int j = 0; j < row; j++) {
                    w[o * row + j] *= scale[o];
                }
                b[o] = b[o] * scale[o] + shift[o];
            }
        }
        float[] slopes = slopes(p + "relu.weight", out);
        float[] res = tensor(p + "res.weight", out, 1, 1);
        return FrameLayers.tcnBlock(in, out, s.kernelSize(), s.dilation(), w, b, slopes, res, s.residualCrop(), act,
                kernels);
    }

    /** Refuses a key the layer list says the module does not have (a mismatched list would drop weights silently). */
    private void absentUnless(boolean expected, String key, String fix) {
        if (!expected && root.has(key)) {
            throw new IllegalArgumentException("key '" + key + "' is in the file but the layer list says the block has no "
                    + "such tensor; state " + fix);
        }
    }

    /**
     * A BatchNorm1d's eval-mode statistics under {@code p}: {@code running_mean}, {@code running_var}
     * and, when affine, {@code weight} and {@code bias}, all {@code [channels]}; eps from the file's
     * {@code p+"eps"} key (RTNeural's export writes it), else the stated one, else PyTorch's 1e-5.
     */
    private BatchNorm batchNorm(String p, int channels, boolean affine, double stated) {
        Tensor mean = Tensor.of(tensor(p + "running_mean", channels), channels);
        Tensor var = Tensor.of(tensor(p + "running_var", channels), channels);
        Tensor gamma = affine ? Tensor.of(tensor(p + "weight", channels), channels) : null;
        Tensor beta = affine ? Tensor.of(tensor(p + "bias", channels), channels) : null;
        if (!affine) {
            absentUnless(false, p + "weight", "\"affine\": true");
        }
        double eps = Double.isNaN(stated) ? BatchNorm.DEFAULT_EPS : stated;
        JsonNode e = root.get(p + "eps");
        if (e != null) {
            if (!e.isNumber()) {
                throw new IllegalArgumentException("key '" + p + "eps' must be a number, found " + e);
            }
            if (!Double.isNaN(stated) && e.asDouble() != stated) {
                throw new IllegalArgumentException("key '" + p + "eps' is " + e.asDouble() + " but the layer list states eps "
                        + stated);
            }
            eps = e.asDouble();
        }
        try {
            return new BatchNorm(mean, var, gamma, beta, eps);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("keys '" + p + "running_var'/'" + p + "eps': " + ex.getMessage(), ex);
        }
    }

    /** PReLU slopes under {@code key}: {@code [channels]} (PReLU(channels)) or {@code [1]} (PReLU(), shared). */
    private float[] slopes(String key, int channels) {
        JsonNode t = root.get(key);
        int found = t != null && t.isArray() && t.size() == 1 && channels != 1 ? 1 : channels;
        return tensor(key, found);
    }

    /**
     * What RTNeural's torch_helpers read: stride only on conv1d (StridedConv1D); on
     * convtranspose1d groups 1 and stride 1 (its loader swaps in/out of the whole weight, right
     * for groups 1 only, and runs the layer at the output rate) and {@code padding <= (K-1) d}.
     */
    private static void checkReadable(int i, TorchLayerSpec s) {
        String where = where(i, s);
        if ((s.kernelSize() != 1 || s.dilation() != 1) && (s.type() == TorchLayerSpec.Type.PRELU
                || s.type() == TorchLayerSpec.Type.BATCHNORM1D || s.type() == TorchLayerSpec.Type.DENSE)) {
            throw new IllegalArgumentException(where + ": kernel_size and dilation apply to convolutions only");
        }
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
        if ((s.type() == TorchLayerSpec.Type.PRELU || s.type() == TorchLayerSpec.Type.BATCHNORM1D)
                && s.inSize() != s.outSize()) {
            throw new IllegalArgumentException(where + ": in " + s.inSize() + " and out " + s.outSize()
                    + " must be equal (the layer keeps its channels)");
        }
        if (s.type() == TorchLayerSpec.Type.TCN_BLOCK) {
            if (s.groups() != 1) {
                throw new IllegalArgumentException(where + ": groups " + s.groups() + " is not read for tcn_block; "
                        + "micro-TCN's grouped blocks add a conv1b that RTNeural's TCNBlock does not have");
            }
            if (s.outSize() % s.inSize() != 0) {
                throw new IllegalArgumentException(where + ": out " + s.outSize() + " must be a multiple of in "
                        + s.inSize() + " (the residual conv has groups = in)");
            }
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
     * {@code {"type": "conv1d"|"convtranspose1d"|"dense"|"gru"|"lstm"|"prelu"|"batchnorm1d"|"tcn_block",
     * "prefix": "gru.", "in": 1, "out": 8}} plus,
     * where they apply, {@code kernel_size}, {@code dilation}, {@code groups}, {@code stride} (conv1d),
     * {@code padding} (convtranspose1d), {@code index}
     * (recurrent layer within its module), {@code bias} (default true; tcn_block's conv1: false),
     * {@code activation}, {@code eps} (batchnorm1d, tcn_block), {@code affine} (batchnorm1d, default
     * true), {@code batchnorm} (tcn_block, default true) and {@code residual_crop} (tcn_block:
     * newest, causal or center; default newest). {@code out} defaults to {@code in} for prelu and
     * batchnorm1d.
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
                case "prelu" -> TorchLayerSpec.Type.PRELU;
                case "batchnorm1d" -> TorchLayerSpec.Type.BATCHNORM1D;
                case "tcn_block" -> TorchLayerSpec.Type.TCN_BLOCK;
                default -> throw new IllegalArgumentException(at + ".type: '" + type + "' is not a layer this loader "
                        + "reads, expected conv1d, convtranspose1d, dense, gru, lstm, prelu, batchnorm1d or tcn_block");
            };
            boolean channelwise = t == TorchLayerSpec.Type.PRELU || t == TorchLayerSpec.Type.BATCHNORM1D;
            JsonNode prefix = n.get("prefix");
            if (prefix == null || !prefix.isTextual()) {
                throw new IllegalArgumentException(at + ".prefix: expected the state_dict key prefix as a string "
                        + "(\"gru.\", or \"\" for bare keys), found " + prefix);
            }
            JsonNode bias = n.path("bias");
            int in = count(n, "in", -1, at);
            int outSize = count(n, "out", channelwise ? in : -1, at);
            int k = count(n, "kernel_size", 1, at);
            int d = count(n, "dilation", 1, at);
            int g = count(n, "groups", 1, at);
            int stride = count(n, "stride", 1, at);
            int padding = count(n, "padding", 0, at);
            int index = count(n, "index", 0, at);
            // bias defaults to PyTorch's bias=True, except micro-TCN's conv1 (bias=False) in a tcn_block
            boolean hasBias = bias.isMissingNode() ? t != TorchLayerSpec.Type.TCN_BLOCK : bias.asBoolean(true);
            double eps = n.has("eps") ? number(n, "eps", at) : Double.NaN;
            String crop = n.path("residual_crop").asText("newest");
            TorchLayerSpec.ResidualCrop rc = switch (crop) {
                case "newest" -> TorchLayerSpec.ResidualCrop.NEWEST;
                case "causal" -> TorchLayerSpec.ResidualCrop.CAUSAL;
                case "center" -> TorchLayerSpec.ResidualCrop.CENTER;
                default -> throw new IllegalArgumentException(at + ".residual_crop: expected newest (RTNeural), causal "
                        + "or center (micro-TCN's causal_crop, center_crop), found '" + crop + "'");
            };
            try { // the record's own checks (sizes >= 1) get the entry's name
                out.add(new TorchLayerSpec(t, prefix.asText(), in, outSize, k, d, g, stride, padding, index,
                        hasBias, n.path("activation").asText(""), n.path("batchnorm").asBoolean(true),
                        n.path("affine").asBoolean(true), eps, rc));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static double number(JsonNode n, String key, String at) {
        JsonNode v = n.get(key);
        if (!v.isNumber()) {
            throw new IllegalArgumentException(at + "." + key + ": expected a number, found " + v);
        }
        return v.asDouble();
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
