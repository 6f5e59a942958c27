package dev.convstream.layer;

import dev.convstream.check.Require;
import dev.convstream.spec.OutputShape1d;
import dev.convstream.spec.OutputShape2d;
import dev.convstream.spec.Padding;
import dev.convstream.tensor.Tensor;

/** Constructor checks and text shared by the convolution layers, so all four fail alike. */
final class ConvArguments {
    private ConvArguments() {
    }

    /**
     * Checks a 1D call into a caller-owned output and returns the output length. Allocates only
     * to fail: the spec's own check then names what is wrong.
     */
    static int checkForward(OutputShape1d spec, Tensor input, Tensor output) {
        Require.notNull("input", input);
        Require.notNull("output", output);
        if (input.rank() != 3 || input.dim(1) != spec.inChannels() || input.dim(0) < 1) {
            spec.outputShape(input.shape()); // throws, naming what is wrong
        }
        int length = spec.outputLength(input.dim(2));
        if (output.rank() != 3 || output.dim(0) != input.dim(0) || output.dim(1) != spec.outChannels()
                || output.dim(2) != length) {
            output.requireShape("output", spec.outputShape(input.shape()));
        }
        return length;
    }

    /** As {@link #checkForward(OutputShape1d, Tensor, Tensor)} for 2D; the output's H and W are then its dims 2, 3. */
    static void checkForward(OutputShape2d spec, Tensor input, Tensor output) {
        Require.notNull("input", input);
        Require.notNull("output", output);
        if (input.rank() != 4 || input.dim(1) != spec.inChannels() || input.dim(0) < 1) {
            spec.outputShape(input.shape()); // throws, naming what is wrong
        }
        if (output.rank() != 4 || output.dim(0) != input.dim(0) || output.dim(1) != spec.outChannels()
                || output.dim(2) != spec.outputHeight(input.dim(2)) || output.dim(3) != spec.outputWidth(input.dim(3))) {
            output.requireShape("output", spec.outputShape(input.shape()));
        }
    }

    /** A 1D layer's call run as the {@code H = 1} case of its 2D {@code plane}. */
    static Tensor forwardOnPlane(OutputShape1d spec, Layer plane, Tensor input) {
        Require.notNull("input", input);
        int[] out = spec.outputShape(input.shape()); // validates with 1D names ("length", "Conv1d")
        return plane.forward(input.reshape(input.dim(0), input.dim(1), 1, input.dim(2))).reshape(out);
    }

    /** A private copy of {@code weight}'s values after checking its shape. */
    static float[] weight(Tensor weight, int[] expectedShape) {
        Require.notNull("weight", weight).requireShape("weight", expectedShape);
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
