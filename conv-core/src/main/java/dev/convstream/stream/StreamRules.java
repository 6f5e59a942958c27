package dev.convstream.stream;

import dev.convstream.check.Require;
import dev.convstream.spec.Padding;
import dev.convstream.spec.PaddingMode;

import java.util.Arrays;

/** Checks and copies shared by the streaming layers, so they fail with the same messages. */
final class StreamRules {
    private StreamRules() {
    }

    /**
     * The streamed axis can only be padded with zeros, and on the left by at most the kernel's
     * history {@code d(k-1)} (see {@link StreamingConv1d}).
     */
    static void checkStreamable(String layer, String axis, Padding padding, PaddingMode mode, int history) {
        if (mode != PaddingMode.ZEROS && padding.total() > 0) {
            throw new IllegalArgumentException(layer + ": padding_mode " + mode.torchName() + " with padding "
                    + padding.before() + "+" + padding.after() + " on the streamed axis (" + axis
                    + ") cannot be streamed: it reads values across the signal's start and end, which a stream"
                    + " does not have; use zeros padding (a latency of padding.after() frames) or no padding");
        }
        if (padding.before() > history) {
            throw new IllegalArgumentException(layer + ": left padding " + padding.before() + " on the streamed axis ("
                    + axis + ") exceeds the kernel history dilation*(kernel-1) = " + history
                    + ", so some outputs would precede the first input frame; it cannot be streamed");
        }
    }

    static float[] copyWeight(float[] weight, int[] shape) {
        long size = 1;
        for (int s : shape) {
            size *= s;
        }
        if (weight == null || weight.length != size) {
            throw new IllegalArgumentException("weight must have " + size + " values for shape "
                    + Arrays.toString(shape) + ", found " + (weight == null ? "null" : weight.length));
        }
        return weight.clone();
    }

    static float[] copyBias(float[] bias, boolean expected, int channels) {
        if (!expected) {
            if (bias != null) {
                throw new IllegalArgumentException("the spec has bias=false but a bias of " + bias.length
                        + " values was given");
            }
            return null;
        }
        if (bias == null || bias.length != channels) {
            throw new IllegalArgumentException("bias must have " + channels + " values (one per output channel), found "
                    + (bias == null ? "null" : bias.length));
        }
        return bias.clone();
    }

    /** Channel-major planar block: channel c, frame t at {@code a[off + c*stride + t]}. */
    static void checkPlanar(String name, float[] a, int off, int stride, int channels, int frames) {
        Require.notNull(name, a);
        if (channels > 1 && stride < frames) {
            throw new IllegalArgumentException(name + " channel stride " + stride + " is smaller than the "
                    + frames + " frames of a channel");
        }
        long last = off + (long) (channels - 1) * stride + frames;
        if (off < 0 || last > a.length) {
            throw new IllegalArgumentException(name + " needs indices [" + off + ", " + last + ") for " + channels
                    + " channels of " + frames + " frames (stride " + stride + "), array has " + a.length);
        }
    }

    /** {@code frames} in {@code [1, maxBlock]}; {@code maxBlock == 0} means not prepared. */
    static void checkFrames(Object processor, int maxBlock, int frames) {
        if (maxBlock == 0) {
            throw new IllegalStateException(processor + " used before prepare(maxBlockSize)");
        }
        Require.frames(frames, 1, maxBlock);
    }

    /** Frame-major block: frame t at {@code a[off + t*frameSize]}. */
    static void checkFrameBlock(String name, float[] a, int off, int frameSize, int frames) {
        Require.notNull(name, a);
        long end = off + (long) frameSize * frames;
        if (off < 0 || end > a.length) {
            throw new IllegalArgumentException(name + " needs indices [" + off + ", " + end + ") for " + frames
                    + " frames of " + frameSize + " values, array has " + a.length);
        }
    }
}
