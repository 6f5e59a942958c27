package dev.convstream.spec;

/**
 * A 1D transposed convolution (PyTorch's {@code ConvTranspose1d}, the gradient of
 * {@link Conv1dSpec} with respect to its input): input {@code [N][inChannels][L]}, weight
 * {@code [inChannels][outChannels/groups][kernel]}, output length
 * {@code (L-1)stride - before - after + dilation(kernel-1) + outputPadding + 1}.
 * Padding here crops the full output, so only zeros make sense, as in PyTorch.
 */
public record ConvTranspose1dSpec(int inChannels, int outChannels, int kernel, int stride,
                                  Padding padding, int outputPadding, int dilation, int groups,
                                  boolean bias) {

    public ConvTranspose1dSpec {
        SpecChecks.channelsAndGroups(inChannels, outChannels, groups);
        SpecChecks.positive("kernel_size", kernel);
        SpecChecks.positive("stride", stride);
        SpecChecks.positive("dilation", dilation);
        if (padding == null) {
            throw new IllegalArgumentException("padding must not be null");
        }
        SpecChecks.outputPadding("length", outputPadding, stride, dilation);
    }

    /** PyTorch's positional form: symmetric padding. */
    public static ConvTranspose1dSpec of(int in, int out, int kernel, int stride, int padding,
                                         int outputPadding, int dilation, int groups, boolean bias) {
        return new ConvTranspose1dSpec(in, out, kernel, stride, Padding.of(padding), outputPadding,
                dilation, groups, bias);
    }

    public int outputLength(int length) {
        SpecChecks.positive("input length", length);
        return SpecChecks.transposedOutput("length", length, padding, kernel, stride, dilation, outputPadding);
    }

    public int[] outputShape(int[] inputShape) {
        SpecChecks.inputRank("ConvTranspose1d", inputShape, 3, inChannels);
        return new int[] {inputShape[0], outChannels, outputLength(inputShape[2])};
    }

    /** {@code [inChannels][outChannels/groups][kernel]}. */
    public int[] weightShape() {
        return new int[] {inChannels, outChannels / groups, kernel};
    }

    public long parameterCount() {
        return (long) inChannels * (outChannels / groups) * kernel + (bias ? outChannels : 0);
    }
}
