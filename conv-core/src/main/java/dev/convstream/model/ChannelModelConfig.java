package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;

import java.util.function.UnaryOperator;

/**
 * The config of a NAM model of any architecture that can compute a WaveNet's condition
 * ({@link WaveNetConfig.ConditionDsp}): its channel counts, weight count, cost, and NAM core's
 * prewarm length. See {@code docs/nam-lstm-convnet.md}.
 */
public sealed interface ChannelModelConfig permits WaveNetConfig, LstmConfig, ConvNetConfig, LinearConfig {

    /** Channels of the input. */
    int inChannels();

    /** Channels of the output. */
    int outChannels();

    /** Length of the flat weight list. */
    long weightCount();

    /** Multiply-adds per sample. */
    long macsPerSample();

    /**
     * Zero samples NAM core runs through the model on reset ({@code GetPrewarmSamples}, before
     * rounding up to whole blocks): a WaveNet's and a ConvNet's receptive field, a Linear's
     * receptive field, an LSTM's half second.
     */
    int prewarmSamples();

    /** This config with every activation mapped through {@code f} (for NAM core's fast tanh). */
    ChannelModelConfig withActivations(UnaryOperator<ActivationFunction> f);
}
