package dev.convstream.kernel;

import dev.convstream.check.Require;

/**
 * The walk {@link Im2col} and {@link Col2im} share: every grid row of every {@code (c, ky, kx)}
 * row of the column matrix {@code [channels*kernelH*kernelW][gridH*gridW]}, paired with the image
 * row its taps fall on. What happens on that pair (copy out, add back) is the caller's.
 */
final class ColumnRows {
    private ColumnRows() {
    }

    /** What to do with one grid row; a static method reference, so passing it allocates nothing. */
    @FunctionalInterface
    interface Row {
        /**
         * @param imageRow   index of the image row's first value, or -1 when the row falls in
         *                   the padding and the mode sends it nowhere
         * @param columnsRow index of the grid row's first value in the column matrix
         * @param shift      image column of grid column 0's tap, {@code kx*dilationW - padLeft}
         * @param lo         first grid column whose tap is inside the image
         * @param hi         end of the grid columns whose tap is inside the image
         */
        void visit(ConvGeometry g, float[] image, int imageRow, float[] columns, int columnsRow,
                   int shift, int lo, int hi);
    }

    static void forEach(ConvGeometry g, int channels, float[] image, int imageOff, float[] columns,
                        int columnsOff, Row action) {
        checkRanges(g, channels, image.length, imageOff, columns.length, columnsOff);
        int row = columnsOff;
        for (int c = 0; c < channels; c++) {
            int plane = imageOff + c * g.imageSize();
            for (int ky = 0; ky < g.kernelH(); ky++) {
                for (int kx = 0; kx < g.kernelW(); kx++) {
                    int shift = kx * g.dilationW() - g.padLeft();
                    int lo = g.firstInside(kx);
                    int hi = g.endInside(kx);
                    for (int oy = 0; oy < g.gridH(); oy++) {
                        int iy = oy * g.strideH() + ky * g.dilationH() - g.padTop();
                        int sy = g.mode().sourceIndex(iy, g.imageH());
                        action.visit(g, image, sy < 0 ? -1 : plane + sy * g.imageW(), columns,
                                row + oy * g.gridW(), shift, lo, hi);
                    }
                    row += g.gridSize();
                }
            }
        }
    }

    static void checkRanges(ConvGeometry g, int channels, int imageLength, int imageOff,
                            int columnsLength, int columnsOff) {
        Require.atLeastOne("channels", channels);
        long imageEnd = imageOff + (long) channels * g.imageSize();
        if (imageOff < 0 || imageEnd > imageLength) {
            throw new IllegalArgumentException("image of " + channels + " planes " + g.imageH() + "x"
                    + g.imageW() + " at offset " + imageOff + " needs " + imageEnd
                    + " values, array has " + imageLength);
        }
        long columnsEnd = columnsOff + (long) channels * g.taps() * g.gridSize();
        if (columnsOff < 0 || columnsEnd > columnsLength) {
            throw new IllegalArgumentException("column matrix [" + (channels * g.taps()) + "]["
                    + g.gridSize() + "] at offset " + columnsOff + " needs " + columnsEnd
                    + " values, array has " + columnsLength);
        }
    }
}
