package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.check.Require;

import java.util.Arrays;
import java.util.Objects;

/**
 * Neural Amp Modeler's ConvNet: one block per dilation, each a causal conv with kernel 2
 * ({@code 1 -> channels} for the first block, {@code channels -> channels} after, {@code groups}
 * groups, bias unless batch norm follows), optional batch norm, then the activation; a 1x1 head
 * {@code channels -> 1} with bias. See {@link ConvNet}.
 */
public record ConvNetConfig(int channels, int[] dilations, boolean batchNorm, ActivationFunction activation,
                            int groups) {

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
        if (groups != 1) {
            // Block 0 reads the mono input: one input channel cannot be split into groups.
            throw new IllegalArgumentException("groups must be 1 for a mono input (block 0 has one input channel),"
                    + " found " + groups);
        }
        dilations = dilations.clone();
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
        return i == 0 ? 1 : channels;
    }

    /**
     * Length of the flat weight list: per block the conv {@code W[C][cin/g][2]} (and {@code b[C]}
     * without batch norm), then with batch norm {@code running_mean}, {@code running_var},
     * {@code weight}, {@code bias} ({@code C} each) and {@code eps}; then the head {@code W[1][C]}, {@code b}.
     */
    public long weightCount() {
        long n = 0;
        for (int i = 0; i < dilations.length; i++) {
            n += (long) channels * (blockInputs(i) / groups) * KERNEL_SIZE;
            n += batchNorm ? 4L * channels + 1 : channels;
        }
        return n + channels + 1;
    }

    /** Multiply-adds per sample: every conv and head weight once (batch norm folded: one per channel). */
    public long macsPerSample() {
        long n = channels;
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

    /** The same net with {@code activation} in place of this one's. */
    public ConvNetConfig withActivation(ActivationFunction f) {
        return new ConvNetConfig(channels, dilations, batchNorm, f, groups);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvNetConfig c && channels == c.channels && Arrays.equals(dilations, c.dilations)
                && batchNorm == c.batchNorm && Objects.equals(activation, c.activation) && groups == c.groups;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {channels, Arrays.hashCode(dilations), batchNorm, activation, groups});
    }

    @Override
    public String toString() {
        return "ConvNet(channels=" + channels + ", k=" + KERNEL_SIZE + ", dilations=" + Arrays.toString(dilations)
                + (batchNorm ? ", batchnorm" : "") + ", " + activation.describe()
                + (groups != 1 ? ", groups=" + groups : "") + ")";
    }
}
