package dev.convstream.spec;

import dev.convstream.check.Require;

/**
 * A 1D transposed convolution (PyTorch's {@code ConvTranspose1d}, the gradient of
 * {@link Conv1dSpec} with respect to its input): input {@code [N][inChannels][L]}, weight
 * {@code [inChannels][outChannels/groups][kernel]}, output length
 * {@code (L-1)stride - before - after + dilation(kernel-1) + outputPadding + 1}.
 * Padding here crops the full output, so only zeros make sense, as in PyTorch.
 */
public record ConvTranspose1dSpec(int inChannels, int outChannels, int kernel, int stride,
                                  Padding padding, int outputPadding, int dilation, int groups,
                                  boolean bias) implements OutputShape1d {

    public ConvTranspose1dSpec {
        SpecChecks.channelsAndGroups(inChannels, outChannels, groups);
        SpecChecks.window(kernel, stride, dilation);
        Require.notNull("padding", padding);
        SpecChecks.outputPadding("length", outputPadding, stride, dilation);
    }

    /** PyTorch's positional form: symmetric padding. */
    public static ConvTranspose1dSpec of(int in, int out, int kernel, int stride, int padding,
                                         int outputPadding, int dilation, int groups, boolean bias) {
        return new ConvTranspose1dSpec(in, out, kernel, stride, Padding.of(padding), outputPadding,
                dilation, groups, bias);
    }

    public int outputLength(int length) {
        Require.atLeastOne("input length", length);
        return SpecChecks.transposedOutput("length", length, padding, kernel, stride, dilation, outputPadding);
    }

    public int[] outputShape(int[] inputShape) {
        return SpecChecks.outputShape("ConvTranspose1d", this, inputShape);
    }

    /** {@code [inChannels][outChannels/groups][kernel]}. */
    public int[] weightShape() {
        return new int[] {inChannels, outChannels / groups, kernel};
    }

    public long parameterCount() {
        return (long) inChannels * (outChannels / groups) * kernel + (bias ? outChannels : 0);
    }
}
