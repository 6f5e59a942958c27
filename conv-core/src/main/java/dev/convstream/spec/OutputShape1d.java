package dev.convstream.spec;

/**
 * What a 1D layer needs from its spec to size and check a call, the same for a convolution and
 * a transposed one: input {@code [N][inChannels][L]}, output {@code [N][outChannels][L']}.
 */
public interface OutputShape1d {
    int inChannels();

    int outChannels();

    /** {@code L'} for an input of {@code length} frames, or an error naming the axis. */
    int outputLength(int length);

    /** {@code [N][outChannels][L']}, or an error naming the layer and what is wrong. */
    int[] outputShape(int[] inputShape);
}
