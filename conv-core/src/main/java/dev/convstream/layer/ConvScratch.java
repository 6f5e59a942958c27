package dev.convstream.layer;

import dev.convstream.kernel.ConvGeometry;
import dev.convstream.kernel.Gemm;

/**
 * One thread's reusable scratch for a convolution layer: the GEMM workspace plus a float buffer
 * (column matrix or padded plane) that grows to the largest size asked for and is then reused,
 * so repeated {@code forward} calls of the same shape allocate nothing. Held per layer and per
 * thread ({@code ThreadLocal}), never shared between threads.
 */
final class ConvScratch {
    final Gemm.Workspace workspace;
    private float[] buffer = new float[0];
    private int[] ints = new int[0];
    private float[] second = new float[0];
    private final int[][] tileInts = {new int[0], new int[0], new int[0], new int[0]};
    /** The general path's geometry for the last input shape seen, so that a repeated shape builds none. */
    ConvGeometry geometry;

    ConvScratch(Gemm gemm) {
        this.workspace = gemm.newWorkspace();
    }

    /** A buffer of at least {@code size} floats; contents are unspecified. */
    float[] buffer(int size) {
        if (buffer.length < size) {
            buffer = new float[size];
        }
        return buffer;
    }

    /**
     * A second float buffer, used while {@link #buffer} holds the operands: the sub-pixel
     * transposed path stages its outputs there before rearranging them into place, the Winograd
     * path gives it to its transforms as their scratch. A layer takes one path, so one buffer
     * serves both. At least {@code size} floats, contents unspecified.
     */
    float[] second(int size) {
        if (second.length < size) {
            second = new float[size];
        }
        return second;
    }

    /** An int buffer (e.g. GEMM row starts) of at least {@code size}; contents are unspecified. */
    int[] ints(int size) {
        if (ints.length < size) {
            ints = new int[size];
        }
        return ints;
    }

    /** Int buffer number {@code which} (0-3) of at least {@code size}: the Winograd path's per-tile tables. */
    int[] tileInts(int which, int size) {
        if (tileInts[which].length < size) {
            tileInts[which] = new int[size];
        }
        return tileInts[which];
    }
}
