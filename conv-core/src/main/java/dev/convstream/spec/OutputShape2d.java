package dev.convstream.spec;

/**
 * What a 2D layer needs from its spec to size and check a call, the same for a convolution and
 * a transposed one: input {@code [N][inChannels][H][W]}, output {@code [N][outChannels][H'][W']}.
 */
public interface OutputShape2d {
    int inChannels();

    int outChannels();

    int outputHeight(int height);

    int outputWidth(int width);

    /** {@code [N][outChannels][H'][W']}, or an error naming the layer and what is wrong. */
    int[] outputShape(int[] inputShape);
}
