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
    private float[] staging = new float[0];
    private final int[][] tileInts = {new int[0], new int[0], new int[0], new int[0]};
    private float[] transformScratch = new float[0];
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
     * A second float buffer, for outputs staged before they are rearranged into place while
     * {@link #buffer} holds the operands; at least {@code size} floats, contents unspecified.
     */
    float[] staging(int size) {
        if (staging.length < size) {
            staging = new float[size];
        }
        return staging;
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

    /** A second float buffer of at least {@code size}, for a kernel's own scratch; contents are unspecified. */
    float[] transformScratch(int size) {
        if (transformScratch.length < size) {
            transformScratch = new float[size];
        }
        return transformScratch;
    }
}
