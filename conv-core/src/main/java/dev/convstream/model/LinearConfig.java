package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.check.Require;

import java.util.function.UnaryOperator;

/**
 * NAM's "Linear" model with any channel counts: FIRs of {@code receptiveField} taps (newest tap
 * first, as stored) from {@code inChannels} to {@code outChannels}. NAM core has given unequal
 * counts two meanings, told apart by the weight count (see {@link Layout} and
 * {@code docs/nam-lstm-convnet.md}); with equal counts both are N channels each filtered alone by
 * the one response plus the one bias.
 */
public record LinearConfig(int receptiveField, boolean bias, int inChannels, int outChannels, Layout layout)
        implements ChannelModelConfig {

    /** How the weights of a Linear with unequal channel counts are read. */
    public enum Layout {
        /**
         * One response and one bias ({@code receptive_field + bias} weights): output channel
         * {@code c < min(in, out)} is input c filtered, plus the bias; the output channels beyond
         * are zero (NAM core before per-channel responses).
         */
        SHARED,
        /**
         * One response per path ({@code max(in, out)} responses, then {@code out} biases; in or out
         * must be 1): one input fans out to every output through its own response, or every input's
         * filtered signal is summed into the one output (NAM core's later Linear).
         */
        PER_PATH
    }

    public LinearConfig {
        Require.atLeastOne("receptive_field", receptiveField);
        Require.atLeastOne("in_channels", inChannels);
        Require.atLeastOne("out_channels", outChannels);
        Require.notNull("layout", layout);
        if (layout == Layout.PER_PATH && inChannels != outChannels && inChannels != 1 && outChannels != 1) {
            throw new IllegalArgumentException("per-path responses need in_channels = out_channels or one of them 1,"
                    + " found " + inChannels + " and " + outChannels);
        }
    }

    /** Whether each path has its own response (unequal counts read per path). */
    public boolean perPath() {
        return layout == Layout.PER_PATH && inChannels != outChannels;
    }

    /** Responses stored: {@code max(in, out)} per path, else one. */
    public int responses() {
        return perPath() ? Math.max(inChannels, outChannels) : 1;
    }

    /** Biases stored (when {@link #bias}): one per output per path, else one. */
    public int biases() {
        return perPath() ? outChannels : 1;
    }

    /** Paths computed: per path {@code max(in, out)}; shared {@code min(in, out)}. */
    public int paths() {
        return perPath() ? Math.max(inChannels, outChannels) : Math.min(inChannels, outChannels);
    }

    @Override
    public long weightCount() {
        return (long) receptiveField * responses() + (bias ? biases() : 0);
    }

    @Override
    public long macsPerSample() {
        return (long) receptiveField * paths();
    }

    @Override
    public int prewarmSamples() {
        return receptiveField;
    }

    @Override
    public LinearConfig withActivations(UnaryOperator<ActivationFunction> f) {
        return this;
    }
}
