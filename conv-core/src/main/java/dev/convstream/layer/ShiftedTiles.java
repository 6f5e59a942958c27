package dev.convstream.layer;

/**
 * How the shifted path of {@link Conv2d} cuts its work so that its scratch stays bounded: bands
 * of whole output rows, or, with one output row (1D) or when one row of a band is already over
 * budget, segments of single rows. One tile's scratch holds the padded input band
 * ({@code Cin/groups} planes of {@code (rows + haloH) x (cols + haloW)}) and, for a band of
 * several rows, the GEMM result before it is copied out.
 *
 * <p>Static methods returning ints, not a plan object: the layer's call must not allocate.
 */
final class ShiftedTiles {
    private ShiftedTiles() {
    }

    /**
     * Whether the shifted path is worth it: each output row costs {@code outW + haloW} GEMM
     * columns instead of {@code outW}. Up to a quarter extra still beats building im2col's
     * column matrix; with one output row there is no extra at all.
     */
    static boolean pays(int outH, int outW, int haloW) {
        return outH == 1 || 4L * haloW <= outW + haloW;
    }

    /** Output rows per band, at least 1; 1 means single rows cut into {@link #segmentCols} segments. */
    static int bandRows(int outRows, int outCols, int cinG, int coutG, int haloH, int haloW, int budget) {
        int rows = outRows;
        // Shrink the band until it fits: the size falls with the row count.
        while (rows > 1 && bandValues(rows, outCols, cinG, coutG, haloH, haloW) > budget) {
            rows = Math.max(1, (int) ((long) rows * budget / bandValues(rows, outCols, cinG, coutG, haloH, haloW)));
        }
        return rows;
    }

    /** Output columns per segment of a single row, at least 1. */
    static int segmentCols(int outCols, int cinG, int haloH, int haloW, int budget) {
        // One row: the GEMM writes the output directly, so the scratch is the band alone.
        long perCol = (long) cinG * (1 + haloH);
        long fixed = (long) cinG * (1 + haloH) * haloW;
        return (int) Math.max(1, Math.min(outCols, (budget - fixed) / perCol));
    }

    /** Scratch floats for tiles of {@code rows} x {@code cols} outputs. */
    static int scratchValues(int rows, int cols, int cinG, int coutG, int haloH, int haloW) {
        long values = rows > 1 ? bandValues(rows, cols, cinG, coutG, haloH, haloW)
                : (long) cinG * (1 + haloH) * (cols + haloW);
        if (values > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the shifted convolution needs " + values
                    + " floats of scratch for one tile, more than an array holds");
        }
        return (int) values;
    }

    /** Scratch floats of a band of {@code rows} rows (> 1) whose result is copied out. */
    private static long bandValues(int rows, int cols, int cinG, int coutG, int haloH, int haloW) {
        long bandW = cols + haloW;
        long n = (rows - 1) * bandW + cols;
        return (long) cinG * (rows + haloH) * bandW + (long) coutG * n;
    }
}
