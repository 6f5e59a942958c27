package dev.convstream.spec;

import dev.convstream.check.Require;

/**
 * A 2D transposed convolution (PyTorch's {@code ConvTranspose2d}): input
 * {@code [N][inChannels][H][W]}, weight {@code [inChannels][outChannels/groups][kernelH][kernelW]},
 * each output axis sized as in {@link ConvTranspose1dSpec}.
 */
public record ConvTranspose2dSpec(int inChannels, int outChannels, int kernelH, int kernelW,
                                  int strideH, int strideW, Padding paddingH, Padding paddingW,
                                  int outputPaddingH, int outputPaddingW, int dilationH,
                                  int dilationW, int groups, boolean bias) implements OutputShape2d {

    public ConvTranspose2dSpec {
        SpecChecks.channelsAndGroups(inChannels, outChannels, groups);
        SpecChecks.window(kernelH, kernelW, strideH, strideW, dilationH, dilationW);
        Require.notNull("padding", paddingH);
        Require.notNull("padding", paddingW);
        SpecChecks.outputPadding("height", outputPaddingH, strideH, dilationH);
        SpecChecks.outputPadding("width", outputPaddingW, strideW, dilationW);
    }

    /** Square kernel, stride, symmetric padding, output padding and dilation on both axes. */
    public static ConvTranspose2dSpec of(int in, int out, int kernel, int stride, int padding,
                                         int outputPadding, int dilation, int groups, boolean bias) {
        return new ConvTranspose2dSpec(in, out, kernel, kernel, stride, stride, Padding.of(padding),
                Padding.of(padding), outputPadding, outputPadding, dilation, dilation, groups, bias);
    }

    public int outputHeight(int height) {
        Require.atLeastOne("input height", height);
        return SpecChecks.transposedOutput("height", height, paddingH, kernelH, strideH, dilationH, outputPaddingH);
    }

    public int outputWidth(int width) {
        Require.atLeastOne("input width", width);
        return SpecChecks.transposedOutput("width", width, paddingW, kernelW, strideW, dilationW, outputPaddingW);
    }

    public int[] outputShape(int[] inputShape) {
        return SpecChecks.outputShape("ConvTranspose2d", this, inputShape);
    }

    /** {@code [inChannels][outChannels/groups][kernelH][kernelW]}. */
    public int[] weightShape() {
        return new int[] {inChannels, outChannels / groups, kernelH, kernelW};
    }

    public long parameterCount() {
        return (long) inChannels * (outChannels / groups) * kernelH * kernelW + (bias ? outChannels : 0);
    }
}
