package dev.convstream.spec;

/**
 * A 2D transposed convolution (PyTorch's {@code ConvTranspose2d}): input
 * {@code [N][inChannels][H][W]}, weight {@code [inChannels][outChannels/groups][kernelH][kernelW]},
 * each output axis sized as in {@link ConvTranspose1dSpec}.
 */
public record ConvTranspose2dSpec(int inChannels, int outChannels, int kernelH, int kernelW,
                                  int strideH, int strideW, Padding paddingH, Padding paddingW,
                                  int outputPaddingH, int outputPaddingW, int dilationH,
                                  int dilationW, int groups, boolean bias) {

    public ConvTranspose2dSpec {
        SpecChecks.channelsAndGroups(inChannels, outChannels, groups);
        SpecChecks.positive("kernel_size[0]", kernelH);
        SpecChecks.positive("kernel_size[1]", kernelW);
        SpecChecks.positive("stride[0]", strideH);
        SpecChecks.positive("stride[1]", strideW);
        SpecChecks.positive("dilation[0]", dilationH);
        SpecChecks.positive("dilation[1]", dilationW);
        if (paddingH == null || paddingW == null) {
            throw new IllegalArgumentException("padding must not be null");
        }
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
        SpecChecks.positive("input height", height);
        return SpecChecks.transposedOutput("height", height, paddingH, kernelH, strideH, dilationH, outputPaddingH);
    }

    public int outputWidth(int width) {
        SpecChecks.positive("input width", width);
        return SpecChecks.transposedOutput("width", width, paddingW, kernelW, strideW, dilationW, outputPaddingW);
    }

    public int[] outputShape(int[] inputShape) {
        SpecChecks.inputRank("ConvTranspose2d", inputShape, 4, inChannels);
        return new int[] {inputShape[0], outChannels, outputHeight(inputShape[2]), outputWidth(inputShape[3])};
    }

    /** {@code [inChannels][outChannels/groups][kernelH][kernelW]}. */
    public int[] weightShape() {
        return new int[] {inChannels, outChannels / groups, kernelH, kernelW};
    }

    public long parameterCount() {
        return (long) inChannels * (outChannels / groups) * kernelH * kernelW + (bias ? outChannels : 0);
    }
}
