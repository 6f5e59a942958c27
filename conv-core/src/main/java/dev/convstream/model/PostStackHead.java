package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.check.Require;

import java.util.List;

/**
 * A WaveNet's post-stack head ({@code config.head}, NAM 0.6+): after the last layer array,
 * {@code y = conv_i(act(y))} for each kernel size k_i in turn, the activation before every conv
 * (the first included); conv i maps {@code i == 0 ? the last array's head size : channels} to
 * {@code i == last ? outChannels : channels}, kernel k_i, dilation 1, with bias.
 */
public record PostStackHead(int channels, int outChannels, List<Integer> kernelSizes, ActivationFunction activation) {
    public PostStackHead {
        Require.atLeastOne("head.channels", channels);
        Require.atLeastOne("head.out_channels", outChannels);
        Require.notNull("head.activation", activation);
        if (kernelSizes == null || kernelSizes.isEmpty()) {
            throw new IllegalArgumentException("head.kernel_sizes must list at least one conv");
        }
        kernelSizes = List.copyOf(kernelSizes);
        for (int k : kernelSizes) {
            Require.atLeastOne("head.kernel_sizes[i]", k);
        }
    }

    /** Inputs of conv {@code i} when the last layer array's head gives {@code inputs} channels. */
    public int convInputs(int i, int inputs) {
        return i == 0 ? inputs : channels;
    }

    /** Outputs of conv {@code i}. */
    public int convOutputs(int i) {
        return i == kernelSizes.size() - 1 ? outChannels : channels;
    }

    /** Floats of its weights (every conv's W then b) for {@code inputs} input channels. */
    public long weightCount(int inputs) {
        long n = 0;
        for (int i = 0; i < kernelSizes.size(); i++) {
            n += (long) convOutputs(i) * convInputs(i, inputs) * kernelSizes.get(i) + convOutputs(i);
        }
        return n;
    }

    /** Multiply-adds per sample. */
    public long macsPerSample(int inputs) {
        return weightCount(inputs) - (long) (kernelSizes.size() - 1) * channels - outChannels;
    }

    /** {@code sum (k_i - 1)}. */
    public int history() {
        return kernelSizes.stream().mapToInt(k -> k - 1).sum();
    }
}
