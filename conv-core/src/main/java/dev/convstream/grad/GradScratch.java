package dev.convstream.grad;

/**
 * Per-thread scratch of the backward ops: a zero-padded copy of an output gradient, flipped
 * weights, a row of ones and the row starts of a {@link dev.convstream.kernel.RowDots} operand. A buffer
 * grows (allocates) only when a call needs more than it holds, so a caller that runs the same
 * shapes again and again allocates only on the first pass. Not thread-safe: one per thread.
 */
public final class GradScratch {
    private float[] padded = new float[0];  // an output gradient with zeros around it
    private float[] flipped = new float[0]; // weights transposed and reversed in time
    private int[] rows = new int[0];        // row starts of a RowDots operand

    private float[] ones = new float[0];
    private float[] work = new float[0];

    /** The kernels' own scratch (e.g. {@code RowDots.workSize()} floats). */
    float[] work(int size) {
        if (work.length < size) {
            work = new float[size];
        }
        return work;
    }

    /** At least {@code size} ones. */
    float[] ones(int size) {
        if (ones.length < size) {
            ones = new float[size];
            java.util.Arrays.fill(ones, 1f);
        }
        return ones;
    }

    int[] rows(int size) {
        if (rows.length < size) {
            rows = new int[size];
        }
        return rows;
    }

    float[] padded(int size) {
        if (padded.length < size) {
            padded = new float[size];
        }
        return padded;
    }

    float[] flipped(int size) {
        if (flipped.length < size) {
            flipped = new float[size];
        }
        return flipped;
    }
}
