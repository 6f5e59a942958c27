package dev.convstream.spec;

import java.util.Arrays;

/** Validation shared by the spec records; messages name the parameter and the value found. */
final class SpecChecks {
    private SpecChecks() {
    }

    static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, found " + value);
        }
    }

    static void channelsAndGroups(int in, int out, int groups) {
        positive("in_channels", in);
        positive("out_channels", out);
        positive("groups", groups);
        if (in % groups != 0) {
            throw new IllegalArgumentException("in_channels " + in + " is not divisible by groups " + groups);
        }
        if (out % groups != 0) {
            throw new IllegalArgumentException("out_channels " + out + " is not divisible by groups " + groups);
        }
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
