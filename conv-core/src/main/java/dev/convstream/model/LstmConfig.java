package dev.convstream.model;

import dev.convstream.check.Require;

/**
 * Neural Amp Modeler's LSTM: {@code numLayers} stacked cells of {@code hiddenSize} units, the first
 * fed {@code inputSize} values per sample (1: the mono input), then a linear head from the last
 * hidden state to one output sample. Weight order and equations: {@link Lstm} and
 * {@code docs/nam-lstm-convnet.md}.
 *
 * @param prewarmSamples zero samples NAM core runs through the cells after loading, from the
 *                       file's {@code h0}/{@code c0}, before the first real sample
 *                       ({@code int(0.5 * sample_rate)}, 1 when the file states no rate)
 */
public record LstmConfig(int inputSize, int hiddenSize, int numLayers, int prewarmSamples) {

    public LstmConfig {
        Require.atLeastOne("input_size", inputSize);
        Require.atLeastOne("hidden_size", hiddenSize);
        Require.atLeastOne("num_layers", numLayers);
        Require.nonNegative("prewarm samples", prewarmSamples);
        if (inputSize != 1) {
            throw new IllegalArgumentException("input_size must be 1 (the mono input), found " + inputSize);
        }
    }

    /** Inputs of layer {@code l}'s cell: the model's input for layer 0, the hidden state below otherwise. */
    public int layerInputs(int l) {
        return l == 0 ? inputSize : hiddenSize;
    }

    /**
     * Length of the flat weight list: per layer {@code W[4H][in+H]}, {@code b[4H]}, {@code h0[H]},
     * {@code c0[H]}; then the head {@code W[1][H]} and its bias.
     */
    public long weightCount() {
        long n = 0;
        for (int l = 0; l < numLayers; l++) {
            n += 4L * hiddenSize * (layerInputs(l) + hiddenSize) + 6L * hiddenSize;
        }
        return n + hiddenSize + 1;
    }

    /** Multiply-adds per sample: every gate weight and the head weights once. */
    public long macsPerSample() {
        long n = hiddenSize;
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
