package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.check.Require;

import java.util.Arrays;
import java.util.Objects;

/**
 * Neural Amp Modeler's ConvNet: one block per dilation, each a causal conv with kernel 2
 * ({@code inChannels -> channels} for the first block, {@code channels -> channels} after,
 * {@code groups} groups in every block, bias unless batch norm follows), optional batch norm, then
 * the activation; a 1x1 head {@code channels -> outChannels} with bias. See {@link ConvNet}.
 *
 * @param inChannels  {@code config.in_channels} (1 for audio)
 * @param outChannels {@code config.out_channels} (1 for audio; more as a condition DSP)
 */
public record ConvNetConfig(int channels, int[] dilations, boolean batchNorm, ActivationFunction activation,
                            int groups, int inChannels, int outChannels) implements ChannelModelConfig {

    /** NAM's ConvNet convs all have two taps. */
    public static final int KERNEL_SIZE = 2;

    public ConvNetConfig {
        Require.atLeastOne("channels", channels);
        Require.atLeastOne("groups", groups);
        if (dilations == null || dilations.length == 0) {
            throw new IllegalArgumentException("dilations must list at least one block");
        }
        for (int d : dilations) {
            Require.atLeastOne("dilation", d);
        }
        Require.notNull("activation", activation);
        Require.atLeastOne("in_channels", inChannels);
        Require.atLeastOne("out_channels", outChannels);
        // Every block's conv is grouped: its inputs and its outputs split evenly into the groups.
        if (inChannels % groups != 0 || channels % groups != 0) {
            throw new IllegalArgumentException("groups (" + groups + ") must divide in_channels (" + inChannels
                    + ") and channels (" + channels + ")");
        }
        dilations = dilations.clone();
    }

    /** Mono in and out. */
    public ConvNetConfig(int channels, int[] dilations, boolean batchNorm, ActivationFunction activation, int groups) {
        this(channels, dilations, batchNorm, activation, groups, 1, 1);
    }

    @Override
    public int[] dilations() {
        return dilations.clone();
    }

    public int blockCount() {
        return dilations.length;
    }

    /** Input channels of block {@code i}'s conv. */
    public int blockInputs(int i) {
        return i == 0 ? inChannels : channels;
    }

    /**
     * Length of the flat weight list: per block the conv {@code W[C][cin/g][2]} (and {@code b[C]}
     * without batch norm), then with batch norm {@code running_mean}, {@code running_var},
     * {@code weight}, {@code bias} ({@code C} each) and {@code eps}; then the head {@code W[out][C]}, {@code b[out]}.
     */
    public long weightCount() {
        long n = 0;
        for (int i = 0; i < dilations.length; i++) {
            n += (long) channels * (blockInputs(i) / groups) * KERNEL_SIZE;
            n += batchNorm ? 4L * channels + 1 : channels;
        }
        return n + (long) outChannels * (channels + 1);
    }

    /** Multiply-adds per sample: every conv and head weight once (batch norm folded: one per channel). */
    public long macsPerSample() {
        long n = (long) outChannels * channels;
        for (int i = 0; i < dilations.length; i++) {
            n += (long) channels * (blockInputs(i) / groups) * KERNEL_SIZE + (batchNorm ? channels : 0);
        }
        return n;
    }

    /** {@code 1 + sum of the dilations}. */
    public int receptiveField() {
        long rf = 1;
        for (int d : dilations) {
            rf += (long) (KERNEL_SIZE - 1) * d;
        }
        if (rf > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("receptive field " + rf + " does not fit an int");
        }
        return (int) rf;
    }

    @Override
    public int prewarmSamples() {
        return receptiveField();
    }

    @Override
    public ConvNetConfig withActivations(java.util.function.UnaryOperator<ActivationFunction> f) {
        return withActivation(f.apply(activation));
    }

    /** The same net with {@code activation} in place of this one's. */
    public ConvNetConfig withActivation(ActivationFunction f) {
        return new ConvNetConfig(channels, dilations, batchNorm, f, groups, inChannels, outChannels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvNetConfig c && channels == c.channels && Arrays.equals(dilations, c.dilations)
                && batchNorm == c.batchNorm && Objects.equals(activation, c.activation) && groups == c.groups
                && inChannels == c.inChannels && outChannels == c.outChannels;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {channels, Arrays.hashCode(dilations), batchNorm, activation, groups,
            inChannels, outChannels});
    }

    @Override
    public String toString() {
        return "ConvNet(channels=" + channels + ", k=" + KERNEL_SIZE + ", dilations=" + Arrays.toString(dilations)
                + (batchNorm ? ", batchnorm" : "") + ", " + activation.describe()
                + (groups != 1 ? ", groups=" + groups : "")
                + (inChannels != 1 || outChannels != 1 ? ", " + inChannels + " in, " + outChannels + " out" : "") + ")";
    }
}
