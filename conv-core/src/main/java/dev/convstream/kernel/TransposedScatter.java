package dev.convstream.kernel;

import dev.convstream.check.Require;

/**
 * The second half of a transposed convolution computed as {@code columns = W^T · x}: writes
 * {@code image[c] = bias[c] + col2im(columns[c])} for each channel, the zero-padded
 * {@link Col2im} (entries landing in the padding are dropped) over a bias-filled image.
 * Overwrites the image, so it need not be cleared.
 *
 * <p>{@link #interleave} is the scatter's last step alone: it writes output rows from stride-phase
 * planes that the caller computed itself (one plain correlation per phase), for which the column
 * matrix and the scatter are not needed at all.
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
     * Writes output rows {@code strideH*qy + rowPhase}, {@code qy} in
     * {@code [phaseRowFrom, phaseRowTo)}, of {@code channels} planes from stride-phase planes
     * computed elsewhere (the sub-pixel form of a transposed convolution, one correlation per
     * phase), laid out as {@code layout} says. Overwrites those output rows entirely; reads, of
     * each phase row it uses, at most {@code layout.pitch()} floats.
     *
     * @param image {@code [channels][imageH][imageW]} from {@code imageOff}
     * @throws IllegalArgumentException if an array is too short for its part, or the row phase
     *     or the phase rows are out of range
     */
    default void interleave(PhasePlanes layout, int channels, int rowPhase, int phaseRowFrom, int phaseRowTo,
                            float[] planes, int planesOff, float[] image, int imageOff) {
        checkInterleave(layout, channels, rowPhase, phaseRowFrom, phaseRowTo, planes, planesOff, image, imageOff);
        int sw = layout.strideW();
        int imageW = layout.imageW();
        int imageSize = layout.imageH() * imageW;
        for (int c = 0; c < channels; c++) {
            int phases = planesOff + c * layout.channelStride() + rowPhase * sw * layout.phaseStride();
            for (int qy = phaseRowFrom; qy < phaseRowTo; qy++) {
                interleaveRow(sw, imageW, planes, phases + qy * layout.pitch(), layout.phaseStride(), image,
                        imageOff + c * imageSize + (layout.strideH() * qy + rowPhase) * imageW);
            }
        }
    }

    /**
     * One output row of {@code imageW} floats at {@code image[to]} from its {@code strideW} phase
     * rows, the first at {@code planes[row]} and the others {@code phaseStride} apart: output
     * column {@code ox} is phase row {@code ox % strideW}'s element {@code ox / strideW}. The
     * family's part of {@link #interleave}, which checks the ranges before calling it.
     */
    void interleaveRow(int strideW, int imageW, float[] planes, int row, int phaseStride, float[] image, int to);

    /** Range checks of {@link #interleave}, shared by the implementations. */
    static void checkInterleave(PhasePlanes layout, int channels, int rowPhase, int phaseRowFrom, int phaseRowTo,
                                float[] planes, int planesOff, float[] image, int imageOff) {
        Require.notNull("layout", layout);
        Require.nonNegative("channels", channels);
        Require.inRange("rowPhase", rowPhase, 0, layout.strideH() - 1);
        int rows = (Math.max(0, layout.imageH() - rowPhase) + layout.strideH() - 1) / layout.strideH();
        if (phaseRowFrom < 0 || phaseRowFrom > phaseRowTo || phaseRowTo > rows) {
            throw new IllegalArgumentException("phase rows [" + phaseRowFrom + ", " + phaseRowTo
                    + ") are not a range of row phase " + rowPhase + "'s [0, " + rows + ")");
        }
        int imageSize = layout.imageH() * layout.imageW();
        if (channels == 0 || imageSize == 0) {
            return;
        }
        long end = planesOff + (long) (channels - 1) * layout.channelStride()
                + (long) (layout.strideH() * layout.strideW() - 1) * layout.phaseStride()
                + (long) layout.phaseRows() * layout.pitch();
        if (planesOff < 0 || end > planes.length) {
            throw new IllegalArgumentException("phase planes of " + channels + " channels at offset " + planesOff
                    + " need " + end + " floats, array has " + planes.length);
        }
        if (imageOff < 0 || imageOff + (long) channels * imageSize > image.length) {
            throw new IllegalArgumentException("image of " + channels + "x" + layout.imageH() + "x" + layout.imageW()
                    + " at offset " + imageOff + " needs " + (imageOff + (long) channels * imageSize)
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
