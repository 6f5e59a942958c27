package dev.convstream.layer;

import dev.convstream.spec.Padding;
import dev.convstream.tensor.Tensor;

/** Constructor checks and text shared by the convolution layers, so all four fail alike. */
final class ConvArguments {
    private ConvArguments() {
    }

    static <T> T required(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /** A private copy of {@code weight}'s values after checking its shape. */
    static float[] weight(Tensor weight, int[] expectedShape) {
        required("weight", weight).requireShape("weight", expectedShape);
        return weight.data().clone();
    }

    /** A private copy of the bias values, or null when the spec has no bias. */
    static float[] bias(Tensor bias, boolean specHasBias, int outChannels) {
        if (!specHasBias) {
            if (bias != null) {
                throw new IllegalArgumentException("bias was given (shape " + java.util.Arrays.toString(bias.shape())
                        + ") but the spec has bias=false");
            }
            return null;
        }
        if (bias == null) {
            throw new IllegalArgumentException("bias is missing: the spec has bias=true, expected shape ["
                    + outChannels + "]");
        }
        bias.requireShape("bias", outChannels);
        return bias.data().clone();
    }

    static String padding(Padding p) {
        return p.before() == p.after() ? Integer.toString(p.before()) : p.before() + "+" + p.after();
    }

    static String pair(int h, int w) {
        return h + "x" + w;
    }
}
