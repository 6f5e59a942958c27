package dev.convstream.kernel;

import dev.convstream.check.Require;

/**
 * Where the stride-phase planes of a transposed convolution's output are kept, for
 * {@link TransposedScatter#interleave}: output {@code (strideH*qy + py, strideW*qx + px)} of
 * channel {@code c} is {@code planes[c*channelStride + (py*strideW + px)*phaseStride + qy*pitch + qx]}
 * (from the caller's offset).
 *
 * @param strideH output rows per phase row
 * @param strideW output columns per phase column
 * @param imageH output rows
 * @param imageW output columns
 * @param pitch floats from one phase row to the next, at least {@code ceil(imageW/strideW)}
 * @param phaseStride floats from one phase plane to the next
 * @param channelStride floats from one channel's phase planes to the next
 */
public record PhasePlanes(int strideH, int strideW, int imageH, int imageW, int pitch, int phaseStride,
                          int channelStride) {

    /** @throws IllegalArgumentException naming the field at fault */
    public PhasePlanes {
        Require.atLeastOne("strideH", strideH);
        Require.atLeastOne("strideW", strideW);
        Require.nonNegative("imageH", imageH);
        Require.nonNegative("imageW", imageW);
        if (pitch < (imageW + strideW - 1) / strideW) {
            throw new IllegalArgumentException("phase rows of pitch " + pitch + " cannot hold "
                    + (imageW + strideW - 1) / strideW + " columns");
        }
        Require.nonNegative("phaseStride", phaseStride);
        Require.nonNegative("channelStride", channelStride);
    }

    /** Rows of the tallest phase plane. */
    public int phaseRows() {
        return (imageH + strideH - 1) / strideH;
    }
}
