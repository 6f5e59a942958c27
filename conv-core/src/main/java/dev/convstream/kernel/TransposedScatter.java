package dev.convstream.kernel;

import dev.convstream.check.Require;

/**
 * The second half of a transposed convolution computed as {@code columns = W^T · x}: writes
 * {@code image[c] = bias[c] + col2im(columns[c])} for each channel, the zero-padded
 * {@link Col2im} (entries landing in the padding are dropped) over a bias-filled image.
 * Overwrites the image, so it need not be cleared.
 *
 * <p>Implementations are stateless and thread-safe and never allocate. An implementation may
 * read up to {@link PhasePlan#marginBefore()} floats before the column matrix and
 * {@link PhasePlan#marginAfter()} after it (those values never reach the image), and uses
 * {@link PhasePlan#workSize()} floats of caller-owned scratch.
 */
public interface TransposedScatter {

    /**
     * @param plan the phases of the geometry (image = output plane, grid = input plane)
     * @param channels planes to write
     * @param columns {@code [channels*kernelH*kernelW][gridH*gridW]} from {@code columnsOff}
     * @param bias one value per channel from {@code biasOff}, or null for none
     * @param image {@code [channels][imageH][imageW]} from {@code imageOff}
     * @param work scratch of {@link PhasePlan#workSize()} floats from {@code workOff}, contents ignored
     * @throws IllegalArgumentException if an array is too short for its part, margins included
     */
    void scatter(PhasePlan plan, int channels, float[] columns, int columnsOff, float[] bias, int biasOff,
                 float[] image, int imageOff, float[] work, int workOff);

    /**
     * Writes {@code channels} output planes from stride-phase planes computed elsewhere (the
     * sub-pixel form of a transposed convolution, one correlation per phase):
     * {@code image[c][strideH*qy + py][strideW*qx + px] =
     * planes[planesOff + c*channelStride + (py*strideW + px)*phaseStride + qy*pitch + qx]}.
     * Overwrites every output value; reads only the values it writes out, and, for speed, up to
     * {@code pitch} values of each phase row read.
     *
     * @param pitch floats from one phase row to the next, at least {@code ceil(imageW/strideW)}
     * @throws IllegalArgumentException if an array is too short for its part
     */
    void interleave(int channels, int strideH, int strideW, int imageH, int imageW, float[] planes, int planesOff,
                    int channelStride, int phaseStride, int pitch, float[] image, int imageOff);

    /** Range checks of {@link #interleave}, shared by the implementations. */
    static void checkInterleave(int channels, int strideH, int strideW, int imageH, int imageW, float[] planes,
                                int planesOff, int channelStride, int phaseStride, int pitch, float[] image,
                                int imageOff) {
        Require.atLeastOne("strideH", strideH);
        Require.atLeastOne("strideW", strideW);
        Require.nonNegative("channels", channels);
        if (pitch < (imageW + strideW - 1) / strideW) {
            throw new IllegalArgumentException("phase rows of pitch " + pitch + " cannot hold "
                    + (imageW + strideW - 1) / strideW + " columns");
        }
        if (channels == 0 || imageH == 0 || imageW == 0) {
            return;
        }
        long lastRow = (long) planesOff + (long) (channels - 1) * channelStride
                + (long) (strideH * strideW - 1) * phaseStride + (long) ((imageH - 1) / strideH) * pitch;
        if (planesOff < 0 || lastRow + pitch > planes.length) {
            throw new IllegalArgumentException("phase planes of " + channels + " channels at offset " + planesOff
                    + " need " + (lastRow + pitch) + " floats, array has " + planes.length);
        }
        if (imageOff < 0 || imageOff + (long) channels * imageH * imageW > image.length) {
            throw new IllegalArgumentException("image of " + channels + "x" + imageH + "x" + imageW + " at offset "
                    + imageOff + " needs " + (imageOff + (long) channels * imageH * imageW)
                    + " floats, array has " + image.length);
        }
    }

    /** Range checks shared by the implementations. */
    static void check(PhasePlan plan, int channels, float[] columns, int columnsOff, float[] bias, int biasOff,
                      float[] image, int imageOff, float[] work, int workOff) {
        Require.notNull("plan", plan);
        ConvGeometry g = plan.geometry();
        ColumnRows.checkRanges(g, channels, image.length, imageOff, columns.length, columnsOff);
        if (columnsOff < plan.marginBefore()
                || columnsOff + (long) channels * g.taps() * g.gridSize() + plan.marginAfter() > columns.length) {
            throw new IllegalArgumentException("column matrix at offset " + columnsOff + " needs a margin of "
                    + plan.marginBefore() + " floats before and " + plan.marginAfter() + " after, array has "
                    + columns.length);
        }
        if (bias != null && (biasOff < 0 || biasOff + (long) channels > bias.length)) {
            throw new IllegalArgumentException("bias of " + channels + " channels at offset " + biasOff
                    + " needs " + (biasOff + (long) channels) + " values, array has " + bias.length);
        }
        if (work == null || workOff < 0 || workOff + (long) plan.workSize() > work.length) {
            throw new IllegalArgumentException("work needs " + plan.workSize() + " floats from offset " + workOff
                    + ", array has " + (work == null ? "none" : String.valueOf(work.length)));
        }
    }
}
