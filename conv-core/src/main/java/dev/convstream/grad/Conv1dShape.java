package dev.convstream.grad;

import dev.convstream.check.Require;

/**
 * A "valid" 1D convolution (no padding, stride 1): {@code in -> out} channels, kernel
 * {@code kernelSize}, {@code dilation}, {@code groups}, with or without bias. Weights are
 * PyTorch's {@code [out][in/groups][kernelSize]} (tap 0 the oldest), then {@code out} biases.
 * An input of T frames gives {@code T - history()} output frames:
 * {@code y[o][t] = b[o] + sum_{c,k} W[o][c][k] x[g(o)*in/groups + c][t + k*dilation]}.
 */
public record Conv1dShape(int inChannels, int outChannels, int kernelSize, int dilation, int groups, boolean bias) {

    public Conv1dShape {
        Require.atLeastOne("in channels", inChannels);
        Require.atLeastOne("out channels", outChannels);
        Require.atLeastOne("kernel size", kernelSize);
        Require.atLeastOne("dilation", dilation);
        Require.atLeastOne("groups", groups);
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("groups = " + groups + " must divide in channels (" + inChannels
                    + ") and out channels (" + outChannels + ")");
        }
    }

    /** A 1x1 convolution. */
    public static Conv1dShape pointwise(int inChannels, int outChannels, boolean bias) {
        return new Conv1dShape(inChannels, outChannels, 1, 1, 1, bias);
    }

    /** {@code (kernelSize - 1) * dilation}: the input frames in front of the first output frame. */
    public int history() {
        return (kernelSize - 1) * dilation;
    }

    /** Floats of the weight tensor (bias excluded). */
    public int weightCount() {
        return outChannels * (inChannels / groups) * kernelSize;
    }

    /** Floats of weight and bias, in that order. */
    public int parameterCount() {
        return weightCount() + (bias ? outChannels : 0);
    }

    /** Output frames of an input of {@code inputLength} frames. */
    public int outputLength(int inputLength) {
        int n = inputLength - history();
        if (n < 1) {
            throw new IllegalArgumentException("input of " + inputLength + " frames is too short for a history of "
                    + history() + " frames");
        }
        return n;
    }
}
