package dev.convstream.spec;

import dev.convstream.check.Limits;
import dev.convstream.check.Require;

import java.util.Arrays;

/** Validation shared by the spec records; messages name the parameter and the value found. */
final class SpecChecks {
    private SpecChecks() {
    }

    static void channelsAndGroups(int in, int out, int groups) {
        Require.atLeastOne("in_channels", in);
        Require.atLeastOne("out_channels", out);
        Require.atLeastOne("groups", groups);
        if (in % groups != 0) {
            throw new IllegalArgumentException("in_channels " + in + " is not divisible by groups " + groups);
        }
        if (out % groups != 0) {
            throw new IllegalArgumentException("out_channels " + out + " is not divisible by groups " + groups);
        }
    }

    /** kernel_size, stride and dilation of a 1D spec. */
    static void window(int kernel, int stride, int dilation) {
        Require.atLeastOne("kernel_size", kernel);
        Require.atLeastOne("stride", stride);
        Require.atLeastOne("dilation", dilation);
        span("", kernel, dilation);
    }

    /** kernel_size, stride and dilation of a 2D spec, per axis ([0] = H, [1] = W). */
    static void window(int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW) {
        Require.atLeastOne("kernel_size[0]", kernelH);
        Require.atLeastOne("kernel_size[1]", kernelW);
        Require.atLeastOne("stride[0]", strideH);
        Require.atLeastOne("stride[1]", strideW);
        Require.atLeastOne("dilation[0]", dilationH);
        Require.atLeastOne("dilation[1]", dilationW);
        span("[0]", kernelH, dilationH);
        span("[1]", kernelW, dilationW);
    }

    /**
     * The dilated kernel {@code d(k-1)+1}, computed in long, is at most {@link
     * Limits#MAX_RECEPTIVE_FIELD}: a dilation of 2^30 must not wrap into a negative size.
     */
    private static void span(String axis, int kernel, int dilation) {
        long span = (long) dilation * (kernel - 1) + 1;
        if (span > Limits.MAX_RECEPTIVE_FIELD) {
            throw new IllegalArgumentException("dilation" + axis + " " + dilation + " with kernel_size" + axis + " "
                    + kernel + " spans " + span + " samples, more than the limit of " + Limits.MAX_RECEPTIVE_FIELD);
        }
    }

    /** {@code [N][outChannels][L']} for input {@code [N][inChannels][L]}, validated against {@code layer}. */
    static int[] outputShape(String layer, OutputShape1d spec, int[] inputShape) {
        inputRank(layer, inputShape, 3, spec.inChannels());
        return new int[] {inputShape[0], spec.outChannels(), spec.outputLength(inputShape[2])};
    }

    /** {@code [N][outChannels][H'][W']} for input {@code [N][inChannels][H][W]}, validated against {@code layer}. */
    static int[] outputShape(String layer, OutputShape2d spec, int[] inputShape) {
        inputRank(layer, inputShape, 4, spec.inChannels());
        return new int[] {inputShape[0], spec.outChannels(), spec.outputHeight(inputShape[2]),
                spec.outputWidth(inputShape[3])};
    }

    /** {@code floor((n + pads - d(k-1) - 1)/s) + 1}, or an error naming the axis when < 1. */
    static int convOutput(String axis, int n, Padding p, int k, int s, int d) {
        int span = d * (k - 1) + 1;
        int padded = n + p.total();
        if (padded < span) {
            throw new IllegalArgumentException(axis + ": padded input size " + padded
                    + " is smaller than the dilated kernel size " + span
                    + " (input " + n + ", padding " + p.before() + "+" + p.after()
                    + ", kernel " + k + ", dilation " + d + ")");
        }
        return (padded - span) / s + 1;
    }

    /** {@code (n-1)s - pads + d(k-1) + output_padding + 1}, or an error when < 1. */
    static int transposedOutput(String axis, int n, Padding p, int k, int s, int d, int outputPadding) {
        int out = (n - 1) * s - p.total() + d * (k - 1) + outputPadding + 1;
        if (out < 1) {
            throw new IllegalArgumentException(axis + ": transposed output size would be " + out
                    + " (input " + n + ", stride " + s + ", padding " + p.before() + "+" + p.after()
                    + ", kernel " + k + ", dilation " + d + ", output_padding " + outputPadding + ")");
        }
        return out;
    }

    static void outputPadding(String axis, int outputPadding, int stride, int dilation) {
        if (outputPadding < 0 || outputPadding >= Math.max(stride, dilation)) {
            throw new IllegalArgumentException("output_padding " + outputPadding + " on " + axis
                    + " must be >= 0 and smaller than stride or dilation (stride " + stride
                    + ", dilation " + dilation + ")");
        }
    }

    static void inputRank(String layer, int[] shape, int rank, int channels) {
        if (shape.length != rank) {
            throw new IllegalArgumentException(layer + " expects input of rank " + rank
                    + " (" + (rank == 3 ? "[N][C][L]" : "[N][C][H][W]") + "), found shape "
                    + Arrays.toString(shape));
        }
        if (shape[1] != channels) {
            throw new IllegalArgumentException(layer + " expects " + channels
                    + " input channels, found " + shape[1] + " in shape " + Arrays.toString(shape));
        }
        for (int i = 0; i < rank; i++) {
            if (shape[i] < 1) {
                throw new IllegalArgumentException(layer + " input shape " + Arrays.toString(shape)
                        + " has an empty axis " + i);
            }
        }
    }
}
