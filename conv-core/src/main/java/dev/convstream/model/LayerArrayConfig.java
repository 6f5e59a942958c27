package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.check.Require;

import java.util.Arrays;
import java.util.Objects;

/**
 * One layer array of a NAM A1 WaveNet (file versions 0.5.x): {@code dilations.length} gated or
 * plain dilated-conv layers of {@code channels} channels, see {@link WaveNet}.
 */
public record LayerArrayConfig(int inputSize, int conditionSize, int headSize, int channels, int kernelSize,
                               int[] dilations, ActivationFunction activation, boolean gated, boolean headBias) {

    public LayerArrayConfig {
        Require.atLeastOne("input_size", inputSize);
        Require.atLeastOne("condition_size", conditionSize);
        Require.atLeastOne("head_size", headSize);
        Require.atLeastOne("channels", channels);
        Require.atLeastOne("kernel_size", kernelSize);
        if (dilations == null || dilations.length == 0) {
            throw new IllegalArgumentException("dilations must list at least one layer");
        }
        long history = 0;
        for (int d : dilations) {
            Require.atLeastOne("dilation", d);
            history += (long) (kernelSize - 1) * d;
        }
        if (history >= WaveNetConfig.MAX_RECEPTIVE_FIELD) {
            throw new IllegalArgumentException("dilations " + Arrays.toString(dilations) + " with kernel_size " + kernelSize
                    + " reach back " + history + " samples, more than the " + (WaveNetConfig.MAX_RECEPTIVE_FIELD - 1)
                    + " a WaveNet may");
        }
        Require.notNull("activation", activation);
        dilations = dilations.clone();
    }

    @Override
    public int[] dilations() {
        return dilations.clone();
    }

    public int layerCount() {
        return dilations.length;
    }

    /** 2 when gated (tanh half and sigmoid half), else 1. */
    public int gateFactor() {
        return gated ? 2 : 1;
    }

    /** Floats this array takes from the flat weight list, in NAM's order. */
    public long weightCount() {
        long zc = (long) gateFactor() * channels;
        long perLayer = zc * channels * kernelSize + zc   // conv W, b
                + zc * conditionSize                      // input mixin W
                + (long) channels * channels + channels;  // layer 1x1 W, b
        return (long) inputSize * channels                // rechannel
                + perLayer * dilations.length
                + (long) headSize * channels + (headBias ? headSize : 0);
    }

    /** {@code sum (kernel_size-1)*dilation} over the layers. */
    public int history() {
        int h = 0;
        for (int d : dilations) {
            h += (kernelSize - 1) * d;
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerArrayConfig c && inputSize == c.inputSize && conditionSize == c.conditionSize
                && headSize == c.headSize && channels == c.channels && kernelSize == c.kernelSize
                && Arrays.equals(dilations, c.dilations) && Objects.equals(activation, c.activation) && gated == c.gated
                && headBias == c.headBias;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {inputSize, conditionSize, headSize, channels, kernelSize,
                Arrays.hashCode(dilations), activation, gated, headBias});
    }

    @Override
    public String toString() {
        return "LayerArray(in=" + inputSize + ", cond=" + conditionSize + ", head=" + headSize + ", channels="
                + channels + ", k=" + kernelSize + ", dilations=" + Arrays.toString(dilations) + ", "
                + activation.describe() + (gated ? ", gated" : "") + (headBias ? ", head_bias" : "") + ")";
    }
}
