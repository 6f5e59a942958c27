package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.check.Require;

import java.util.function.UnaryOperator;

/**
 * Neural Amp Modeler's LSTM: {@code numLayers} stacked cells of {@code hiddenSize} units, the first
 * fed {@code inputSize} values per sample (the model's input channels: 1 for the mono input), then
 * a linear head from the last hidden state to {@code outChannels} outputs. Weight order and
 * equations: {@link Lstm} and {@code docs/nam-lstm-convnet.md}.
 *
 * @param outChannels    outputs per sample ({@code config.out_channels}, 1 for audio; more as a
 *                       condition DSP)
 * @param fastTanh       NAM core's fast tanh and fast sigmoid (its fast-tanh switch), as a
 *                       condition DSP carries it; a played LSTM gets it from its file
 * @param prewarmSamples zero samples NAM core runs through the cells after loading, from the
 *                       file's {@code h0}/{@code c0}, before the first real sample
 *                       ({@code int(0.5 * sample_rate)}, 1 when the file states no rate)
 */
public record LstmConfig(int inputSize, int hiddenSize, int numLayers, int outChannels, int prewarmSamples,
                         boolean fastTanh) implements ChannelModelConfig {

    public LstmConfig {
        Require.atLeastOne("input_size", inputSize);
        Require.atLeastOne("hidden_size", hiddenSize);
        Require.atLeastOne("num_layers", numLayers);
        Require.atLeastOne("out_channels", outChannels);
        Require.nonNegative("prewarm samples", prewarmSamples);
    }

    /** One output. */
    public LstmConfig(int inputSize, int hiddenSize, int numLayers, int prewarmSamples) {
        this(inputSize, hiddenSize, numLayers, 1, prewarmSamples, false);
    }

    /** Exact tanh and sigmoid. */
    public LstmConfig(int inputSize, int hiddenSize, int numLayers, int outChannels, int prewarmSamples) {
        this(inputSize, hiddenSize, numLayers, outChannels, prewarmSamples, false);
    }

    /** The input channels: {@code input_size}. */
    @Override
    public int inChannels() {
        return inputSize;
    }

    /**
     * NAM core's fast-tanh switch makes an LSTM's tanh and sigmoid fast: {@code fastTanh} is set
     * when {@code f} turns Tanh into {@link ActivationFunction#fastTanh()}.
     */
    @Override
    public LstmConfig withActivations(UnaryOperator<ActivationFunction> f) {
        boolean fast = fastTanh || f.apply(ActivationFunction.tanh()).equals(ActivationFunction.fastTanh());
        return new LstmConfig(inputSize, hiddenSize, numLayers, outChannels, prewarmSamples, fast);
    }

    /** Inputs of layer {@code l}'s cell: the model's input for layer 0, the hidden state below otherwise. */
    public int layerInputs(int l) {
        return l == 0 ? inputSize : hiddenSize;
    }

    /**
     * Length of the flat weight list: per layer {@code W[4H][in+H]}, {@code b[4H]}, {@code h0[H]},
     * {@code c0[H]}; then the head {@code W[out][H]} and its bias {@code b[out]}.
     */
    public long weightCount() {
        long n = 0;
        for (int l = 0; l < numLayers; l++) {
            n += 4L * hiddenSize * (layerInputs(l) + hiddenSize) + 6L * hiddenSize;
        }
        return n + (long) outChannels * (hiddenSize + 1);
    }

    /** Multiply-adds per sample: every gate weight and the head weights once. */
    public long macsPerSample() {
        long n = (long) outChannels * hiddenSize;
        for (int l = 0; l < numLayers; l++) {
            n += 4L * hiddenSize * (layerInputs(l) + hiddenSize);
        }
        return n;
    }

    /** Floats of recurrent state: {@code h} and {@code c} of every layer. */
    public int stateSize() {
        return 2 * hiddenSize * numLayers;
    }
}
