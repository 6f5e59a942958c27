package dev.convstream.features.rtneural;

import dev.convstream.check.Require;

/**
 * One layer of a model whose weights come from a PyTorch {@code state_dict} exported as JSON
 * (RTNeural's {@code torch_helpers.h} format). The state_dict holds only tensors, not the
 * architecture, so the user states it, as an RTNeural C++ user does by declaring the model type
 * and calling {@code loadConv1D}/{@code loadDense}/{@code loadGRU}/{@code loadLSTM} per layer.
 *
 * <p>{@code prefix} is the state_dict key prefix including its dot ({@code "conv1."}, or
 * {@code ""} for a bare module's {@code "weight"}). Keys read: conv1d and dense
 * {@code prefix+"weight"}, {@code prefix+"bias"}; GRU and LSTM {@code prefix+"weight_ih_l"+index},
 * {@code "weight_hh_l"}, {@code "bias_ih_l"}, {@code "bias_hh_l"} ({@code index} picks one layer of
 * a multi-layer {@code nn.GRU(num_layers=N)}, as RTNeural's {@code layerIdx}). {@code activation}
 * (RTNeural's names: "", tanh, relu, sigmoid, softmax, elu) follows the layer; PyTorch keeps
 * activations outside the state_dict.
 *
 * @param type       conv1d, dense, gru or lstm
 * @param inSize     input channels / features
 * @param outSize    output channels / hidden size
 * @param kernelSize conv1d kernel taps (1 for the others)
 * @param dilation   conv1d dilation (1 for the others)
 * @param groups     conv1d groups (1 for the others)
 * @param index      recurrent layer index within its PyTorch module ({@code _l<index>} keys)
 * @param hasBias    false for a module built with {@code bias=False} (zeros, as RTNeural)
 */
public record TorchLayerSpec(Type type, String prefix, int inSize, int outSize, int kernelSize, int dilation,
                             int groups, int index, boolean hasBias, String activation) {

    /** The PyTorch modules RTNeural's torch_helpers load and this loader reads. */
    public enum Type { CONV1D, DENSE, GRU, LSTM }

    public TorchLayerSpec {
        Require.notNull("type", type);
        Require.notNull("prefix", prefix);
        Require.notNull("activation", activation);
        Require.atLeastOne("inSize", inSize);
        Require.atLeastOne("outSize", outSize);
        Require.atLeastOne("kernelSize", kernelSize);
        Require.atLeastOne("dilation", dilation);
        Require.atLeastOne("groups", groups);
        Require.nonNegative("index", index);
    }

    /** {@code nn.Conv1d(in, out, kernel, dilation=d, groups=g)}, unpadded, stride 1. */
    public static TorchLayerSpec conv1d(String prefix, int in, int out, int kernel, int dilation, int groups) {
        return new TorchLayerSpec(Type.CONV1D, prefix, in, out, kernel, dilation, groups, 0, true, "");
    }

    /** {@code nn.Linear(in, out)}. */
    public static TorchLayerSpec dense(String prefix, int in, int out) {
        return new TorchLayerSpec(Type.DENSE, prefix, in, out, 1, 1, 1, 0, true, "");
    }

    /** Layer {@code index} of {@code nn.GRU(in, hidden)} (batch of one, unidirectional). */
    public static TorchLayerSpec gru(String prefix, int in, int hidden, int index) {
        return new TorchLayerSpec(Type.GRU, prefix, in, hidden, 1, 1, 1, index, true, "");
    }

    /** Layer {@code index} of {@code nn.LSTM(in, hidden)} (batch of one, unidirectional). */
    public static TorchLayerSpec lstm(String prefix, int in, int hidden, int index) {
        return new TorchLayerSpec(Type.LSTM, prefix, in, hidden, 1, 1, 1, index, true, "");
    }

    /** The same layer followed by {@code name} (RTNeural's activation names). */
    public TorchLayerSpec withActivation(String name) {
        return new TorchLayerSpec(type, prefix, inSize, outSize, kernelSize, dilation, groups, index, hasBias, name);
    }

    /** The same layer built with {@code bias=False}: no bias keys are read, zeros are used. */
    public TorchLayerSpec withoutBias() {
        return new TorchLayerSpec(type, prefix, inSize, outSize, kernelSize, dilation, groups, index, false, activation);
    }
}
