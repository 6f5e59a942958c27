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
 * <p>Conv1d with {@code stride > 1} runs as RTNeural's {@code StridedConv1D}: the stream keeps
 * its rate, the conv is computed on frames {@code 0, s, 2s, ...} after a reset (history still
 * taken every frame) and its output is held for the {@code s - 1} frames between. ConvTranspose1d
 * runs as RTNeural's {@code loadConvTranspose1D} loads it: a stride-1 causal conv with the
 * transposed-conv weights ({@code weight [in][out][K]}); for a module built with {@code stride > 1}
 * the caller feeds the input zero-stuffed at the output rate, and its {@code padding} crops that
 * many frames off PyTorch's output (the stream's delay against PyTorch).
 *
 * @param type       conv1d, convtranspose1d, dense, gru or lstm
 * @param inSize     input channels / features
 * @param outSize    output channels / hidden size
 * @param kernelSize conv kernel taps (1 for the others)
 * @param dilation   conv dilation (1 for the others)
 * @param groups     conv1d groups (1 for the others; convtranspose1d reads groups 1 only, as RTNeural)
 * @param stride     conv1d stride (1 for the others)
 * @param padding    convtranspose1d {@code padding} of the PyTorch module (0 for the others)
 * @param index      recurrent layer index within its PyTorch module ({@code _l<index>} keys)
 * @param hasBias    false for a module built with {@code bias=False} (zeros, as RTNeural)
 */
public record TorchLayerSpec(Type type, String prefix, int inSize, int outSize, int kernelSize, int dilation,
                             int groups, int stride, int padding, int index, boolean hasBias, String activation) {

    /** The PyTorch modules RTNeural's torch_helpers load and this loader reads. */
    public enum Type { CONV1D, CONVTRANSPOSE1D, DENSE, GRU, LSTM }

    public TorchLayerSpec {
        Require.notNull("type", type);
        Require.notNull("prefix", prefix);
        Require.notNull("activation", activation);
        Require.atLeastOne("inSize", inSize);
        Require.atLeastOne("outSize", outSize);
        Require.atLeastOne("kernelSize", kernelSize);
        Require.atLeastOne("dilation", dilation);
        Require.atLeastOne("groups", groups);
        Require.atLeastOne("stride", stride);
        Require.nonNegative("padding", padding);
        Require.nonNegative("index", index);
    }

    /** {@code nn.Conv1d(in, out, kernel, dilation=d, groups=g)}, unpadded, stride 1. */
    public static TorchLayerSpec conv1d(String prefix, int in, int out, int kernel, int dilation, int groups) {
        return new TorchLayerSpec(Type.CONV1D, prefix, in, out, kernel, dilation, groups, 1, 0, 0, true, "");
    }

    /**
     * {@code nn.ConvTranspose1d(in, out, kernel, dilation=d, padding=p)} (groups 1), run as a
     * stride-1 causal layer; see the class comment for a module built with {@code stride > 1}.
     */
    public static TorchLayerSpec convTranspose1d(String prefix, int in, int out, int kernel, int dilation, int padding) {
        return new TorchLayerSpec(Type.CONVTRANSPOSE1D, prefix, in, out, kernel, dilation, 1, 1, padding, 0, true, "");
    }

    /** {@code nn.Linear(in, out)}. */
    public static TorchLayerSpec dense(String prefix, int in, int out) {
        return new TorchLayerSpec(Type.DENSE, prefix, in, out, 1, 1, 1, 1, 0, 0, true, "");
    }

    /** Layer {@code index} of {@code nn.GRU(in, hidden)} (batch of one, unidirectional). */
    public static TorchLayerSpec gru(String prefix, int in, int hidden, int index) {
        return new TorchLayerSpec(Type.GRU, prefix, in, hidden, 1, 1, 1, 1, 0, index, true, "");
    }

    /** Layer {@code index} of {@code nn.LSTM(in, hidden)} (batch of one, unidirectional). */
    public static TorchLayerSpec lstm(String prefix, int in, int hidden, int index) {
        return new TorchLayerSpec(Type.LSTM, prefix, in, hidden, 1, 1, 1, 1, 0, index, true, "");
    }

    /** The same layer followed by {@code name} (RTNeural's activation names). */
    public TorchLayerSpec withActivation(String name) {
        return new TorchLayerSpec(type, prefix, inSize, outSize, kernelSize, dilation, groups, stride, padding, index,
                hasBias, name);
    }

    /** The same conv1d with {@code stride} ({@code nn.Conv1d(..., stride=s)}), run as RTNeural's StridedConv1D. */
    public TorchLayerSpec withStride(int s) {
        return new TorchLayerSpec(type, prefix, inSize, outSize, kernelSize, dilation, groups, s, padding, index,
                hasBias, activation);
    }

    /** The same layer built with {@code bias=False}: no bias keys are read, zeros are used. */
    public TorchLayerSpec withoutBias() {
        return new TorchLayerSpec(type, prefix, inSize, outSize, kernelSize, dilation, groups, stride, padding, index,
                false, activation);
    }
}
