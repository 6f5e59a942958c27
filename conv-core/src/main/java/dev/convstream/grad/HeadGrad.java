package dev.convstream.grad;

/**
 * The A1 WaveNet head: the last layer array's head rechannel (a 1x1, optional bias; a
 * {@link Conv1dGrad} of {@link Conv1dShape#pointwise}) followed by the head scale,
 * {@code out = scale * head}. This class holds the scale's part: forward, the gradient passed
 * back to the head, and the scale's own gradient. Stateless; never allocates.
 */
public final class HeadGrad {
    private HeadGrad() {
    }

    /** {@code out[j] = scale * head[j]} (the product inference computes, with the same rounding). */
    public static void scale(float scale, float[] head, int headOff, float[] out, int outOff, int len) {
        for (int j = 0; j < len; j++) {
            out[outOff + j] = scale * head[headOff + j];
        }
    }

    /** {@code dHead[j] = scale * dOut[j]}. */
    public static void scaleBackward(float scale, float[] dOut, int dOutOff, float[] dHead, int dHeadOff, int len) {
        for (int j = 0; j < len; j++) {
            dHead[dHeadOff + j] = scale * dOut[dOutOff + j];
        }
    }

    /** {@code d scale = sum_j dOut[j] head[j]}, in double. */
    public static double scaleGradient(float[] dOut, int dOutOff, float[] head, int headOff, int len) {
        double s = 0;
        for (int j = 0; j < len; j++) {
            s += (double) dOut[dOutOff + j] * head[headOff + j];
        }
        return s;
    }
}
