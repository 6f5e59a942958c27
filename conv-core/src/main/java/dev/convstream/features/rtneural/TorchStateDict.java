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
                    yield FrameLayers.conv1d(in, out, s.kernelSize(), s.dilation(), s.groups(), w, b, act, kernels);
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
