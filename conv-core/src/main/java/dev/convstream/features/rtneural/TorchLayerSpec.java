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
 * <p>PReLU and BatchNorm1d are read as RTNeural's microtcn test reads them by hand (its
 * {@code torch_helpers.h} has no loader for either): {@code prefix+"weight"} ({@code [C]} per
 * channel or {@code [1]} shared) for PReLU; {@code prefix+"running_mean"}, {@code "running_var"} and,
 * when affine, {@code "weight"}, {@code "bias"} for BatchNorm1d in eval mode, with {@code eps}
 * from the key {@code prefix+"eps"} where the file has it (RTNeural's export adds it), else
 * {@link #eps} (PyTorch's default 1e-5 when NaN). A {@code tcn_block} is one residual block of
 * Steinmetz's micro-TCN as RTNeural's microtcn test builds it: keys {@code conv1.}, {@code bn.},
 * {@code relu.}, {@code res.} under {@code prefix}; see {@code TorchStateDict} for the equations.
 *
 * @param type       conv1d, convtranspose1d, dense, gru, lstm, prelu, batchnorm1d or tcn_block
 * @param inSize     input channels / features
 * @param outSize    output channels / hidden size
 * @param kernelSize conv kernel taps (1 for the others)
 * @param dilation   conv dilation (1 for the others)
 * @param groups     conv1d groups (1 for the others; convtranspose1d reads groups 1 only, as RTNeural)
 * @param stride     conv1d stride (1 for the others)
 * @param padding    convtranspose1d {@code padding} of the PyTorch module (0 for the others)
 * @param index      recurrent layer index within its PyTorch module ({@code _l<index>} keys)
 * @param hasBias    false for a module built with {@code bias=False} (zeros, as RTNeural); for a
 *                   tcn_block, whether its {@code conv1} has a bias (micro-TCN's has none)
 * @param batchNorm  tcn_block: whether the block has its {@code bn} (BatchNorm1d) between conv1 and PReLU
 * @param affine     batchnorm1d: built with {@code affine=True} (weight and bias keys read)
 * @param eps        batchnorm1d and tcn_block's bn: the BatchNorm's eps; NaN for "the file's
 *                   {@code eps} key, else 1e-5"
 * @param residualCrop tcn_block: which input frame the 1x1 residual conv adds to the conv's output
 */
public record TorchLayerSpec(Type type, String prefix, int inSize, int outSize, int kernelSize, int dilation,
                             int groups, int stride, int padding, int index, boolean hasBias, String activation,
                             boolean batchNorm, boolean affine, double eps, ResidualCrop residualCrop) {

    /** The PyTorch modules RTNeural's torch_helpers (and its microtcn test) load and this loader reads. */
    public enum Type { CONV1D, CONVTRANSPOSE1D, DENSE, GRU, LSTM, PRELU, BATCHNORM1D, TCN_BLOCK }

    /**
     * Which frame of the block's input the residual conv reads, for an unpadded conv1 over
     * {@code H = (K-1) d} frames of history, output {@code n} spanning inputs {@code n .. n+H}.
     */
    public enum ResidualCrop {
        /** Input {@code n+H}, the conv's newest frame: RTNeural's TCNBlock, and the frame its reference data use. */
        NEWEST,
        /** Input {@code n+H-1}: micro-TCN's {@code causal_crop} (it stops one frame short of the end). */
        CAUSAL,
        /** Input {@code n + H//2}: micro-TCN's {@code center_crop} (its non-causal default). */
        CENTER;

        /** Frames by which the residual's input lags the conv's newest frame in a stream. */
        public int lag(int history) {
            return switch (this) {
                case NEWEST -> 0;
                case CAUSAL -> Math.min(1, history);
                case CENTER -> history - history / 2;
            };
        }
    }

    /** The layer without the BatchNorm and TCN fields (their defaults: bn present, affine, eps from the file, NEWEST). */
    public TorchLayerSpec(Type type, String prefix, int inSize, int outSize, int kernelSize, int dilation, int groups,
                          int stride, int padding, int index, boolean hasBias, String activation) {
        this(type, prefix, inSize, outSize, kernelSize, dilation, groups, stride, padding, index, hasBias, activation,
                true, true, Double.NaN, ResidualCrop.NEWEST);
    }

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
        Require.notNull("residualCrop", residualCrop);
        if (!Double.isNaN(eps) && !(eps >= 0 && eps < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("eps must be finite and >= 0 (NaN: the file's eps key, else 1e-5), found "
                    + eps);
        }
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

    /** {@code nn.PReLU(channels)} (keys {@code prefix+"weight"}, {@code [channels]} or {@code [1]}). */
    public static TorchLayerSpec prelu(String prefix, int channels) {
        return new TorchLayerSpec(Type.PRELU, prefix, channels, channels, 1, 1, 1, 1, 0, 0, false, "");
    }

    /** {@code nn.BatchNorm1d(channels)} in eval mode (running statistics), affine. */
    public static TorchLayerSpec batchNorm1d(String prefix, int channels) {
        return new TorchLayerSpec(Type.BATCHNORM1D, prefix, channels, channels, 1, 1, 1, 1, 0, 0, false, "");
    }

    /**
     * One micro-TCN residual block as RTNeural's microtcn test builds it: {@code conv1 =
     * Conv1d(in, out, kernel, dilation=d, bias=False)}, {@code bn = BatchNorm1d(out)},
     * {@code relu = PReLU(out)}, {@code res = Conv1d(in, out, 1, groups=in, bias=False)}, residual
     * read at the conv's newest frame.
     */
    public static TorchLayerSpec tcnBlock(String prefix, int in, int out, int kernel, int dilation) {
        return new TorchLayerSpec(Type.TCN_BLOCK, prefix, in, out, kernel, dilation, 1, 1, 0, 0, false, "");
    }

    /** The same layer followed by {@code name} (RTNeural's activation names). */
    public TorchLayerSpec withActivation(String name) {
        return new TorchLayerSpec(type, prefix, inSize, outSize, kernelSize, dilation, groups, stride, padding, index,
                hasBias, name, batchNorm, affine, eps, residualCrop);
    }

    /** The same conv1d with {@code stride} ({@code nn.Conv1d(..., stride=s)}), run as RTNeural's StridedConv1D. */
    public TorchLayerSpec withStride(int s) {
        return new TorchLayerSpec(type, prefix, inSize, outSize, kernelSize, dilation, groups, s, padding, index,
                hasBias, activation, batchNorm, affine, eps, residualCrop);
    }

    /** The same layer built with {@code bias=False}: no bias keys are read, zeros are used. */
    public TorchLayerSpec withoutBias() {
        return new TorchLayerSpec(type, prefix, inSize, outSize, kernelSize, dilation, groups, stride, padding, index,
                false, activation, batchNorm, affine, eps, residualCrop);
    }

    /** The same tcn_block whose conv1 has a bias ({@code prefix+"conv1.bias"} read). */
    public TorchLayerSpec withConvBias() {
        return new TorchLayerSpec(type, prefix, inSize, outSize, kernelSize, dilation, groups, stride, padding, index,
                true, activation, batchNorm, affine, eps, residualCrop);
    }

    /** The same tcn_block without its BatchNorm1d (conv1 straight into PReLU). */
    public TorchLayerSpec withoutBatchNorm() {
        return new TorchLayerSpec(type, prefix, inSize, outSize, kernelSize, dilation, groups, stride, padding, index,
                hasBias, activation, false, affine, eps, residualCrop);
    }

    /** The same batchnorm1d built with {@code affine=False} (running statistics only). */
    public TorchLayerSpec withoutAffine() {
        return new TorchLayerSpec(type, prefix, inSize, outSize, kernelSize, dilation, groups, stride, padding, index,
                hasBias, activation, batchNorm, false, eps, residualCrop);
    }

    /** The same layer with its BatchNorm's {@code eps} stated (a file's {@code eps} key must then agree). */
    public TorchLayerSpec withEps(double e) {
        return new TorchLayerSpec(type, prefix, inSize, outSize, kernelSize, dilation, groups, stride, padding, index,
                hasBias, activation, batchNorm, affine, e, residualCrop);
    }

    /** The same tcn_block with its residual read at {@code crop}. */
    public TorchLayerSpec withResidualCrop(ResidualCrop crop) {
        return new TorchLayerSpec(type, prefix, inSize, outSize, kernelSize, dilation, groups, stride, padding, index,
                hasBias, activation, batchNorm, affine, eps, crop);
    }
}
