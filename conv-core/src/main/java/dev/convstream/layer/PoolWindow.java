package dev.convstream.layer;

import dev.convstream.check.Require;

/**
 * The window of a pooling layer along one spatial axis, with PyTorch's parameters and limits:
 * {@code kernel_size}, {@code stride} (PyTorch's default is the kernel size), {@code padding}
 * (implicit, on both sides, at most {@code kernel/2}) and {@code dilation} (max pooling only).
 */
public record PoolWindow(int kernel, int stride, int padding, int dilation) {

    public PoolWindow {
        Require.atLeastOne("kernel_size", kernel);
        Require.atLeastOne("stride", stride);
        Require.atLeastOne("dilation", dilation);
        Require.nonNegative("padding", padding);
        if (padding > kernel / 2) {
            throw new IllegalArgumentException("padding should be at most half of the kernel size, found "
                    + "padding " + padding + " with kernel_size " + kernel);
        }
    }

    /** Stride = kernel, no padding, no dilation: PyTorch's defaults. */
    public static PoolWindow of(int kernel) {
        return new PoolWindow(kernel, kernel, 0, 1);
    }

    public static PoolWindow of(int kernel, int stride, int padding) {
        return new PoolWindow(kernel, stride, padding, 1);
    }

    public PoolWindow withStride(int s) {
        return new PoolWindow(kernel, s, padding, dilation);
    }

    public PoolWindow withDilation(int d) {
        return new PoolWindow(kernel, stride, padding, d);
    }

    /** Input samples one window covers, {@code d(k-1)+1}. */
    public int span() {
        return dilation * (kernel - 1) + 1;
    }

    /**
     * PyTorch's {@code pooling_output_shape}: {@code floor((n + 2p - d(k-1) - 1 [+ s-1 if ceil]) / s) + 1},
     * and with {@code ceilMode} one window fewer when the last one would start at or past
     * {@code n + p}, i.e. in the right padding or beyond (every window must start inside the
     * input or the left padding).
     *
     * @param axis names the layer and axis in the error, e.g. {@code "MaxPool2d height"}
     * @throws IllegalArgumentException when the output would be empty
     */
    public int outputSize(String axis, int n, boolean ceilMode) {
        int out = Math.floorDiv(n + 2 * padding - span() + (ceilMode ? stride - 1 : 0), stride) + 1;
        if (ceilMode && (long) (out - 1) * stride >= n + padding) {
            out--;
        }
        if (out < 1) {
            throw new IllegalArgumentException(axis + ": input size " + n + " is too small for kernel_size "
                    + kernel + ", dilation " + dilation + ", padding " + padding + ", stride " + stride
                    + (ceilMode ? ", ceil_mode" : "") + " (output size would be " + out + ")");
        }
        return out;
    }
}
