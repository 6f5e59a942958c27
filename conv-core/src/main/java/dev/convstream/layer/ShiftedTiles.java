package dev.convstream.layer;

/**
 * How the shifted path of {@link Conv2d} cuts its work so that its scratch stays bounded: bands
 * of whole output rows, or, with one output row (1D), segments of it. One tile's scratch holds
 * the padded input band ({@code Cin/groups} planes of {@code (bandRows + haloH) x (cols + haloW)}),
 * a row of ones for the bias, and, when rows must be copied out, the GEMM result.
 *
 * @param bandRows output rows per tile
 * @param segmentCols output columns per tile (all of them unless {@code bandRows == 1})
 * @param scratchValues floats of scratch the largest tile needs
 */
record ShiftedTiles(int bandRows, int segmentCols, int scratchValues) {

    /**
     * Whether the shifted path is worth it: each output row costs {@code outW + haloW} GEMM
     * columns instead of {@code outW}. Up to a quarter extra still beats building im2col's
     * column matrix; with one output row there is no extra at all.
     */
    static boolean pays(int outH, int outW, int haloW) {
        return outH == 1 || 4L * haloW <= outW + haloW;
    }

    static ShiftedTiles plan(int outRows, int outCols, int cinG, int coutG, int haloH, int haloW, boolean bias,
                             int budget) {
        if (outRows > 1) {
            int bandW = outCols + haloW;
            int rows = outRows;
            // Shrink the band until it fits: the sizes fall monotonically with the row count.
            while (rows > 1 && values(rows, outCols, cinG, coutG, haloH, haloW, bias) > budget) {
                rows = Math.max(1, (int) ((long) rows * budget / values(rows, outCols, cinG, coutG, haloH, haloW, bias)));
            }
            if (rows == 1) {
                return segmentsOfOneRow(outCols, cinG, coutG, haloH, haloW, bias, budget);
            }
            return new ShiftedTiles(rows, outCols, (int) values(rows, outCols, cinG, coutG, haloH, haloW, bias));
        }
        return segmentsOfOneRow(outCols, cinG, coutG, haloH, haloW, bias, budget);
    }

    private static ShiftedTiles segmentsOfOneRow(int outCols, int cinG, int coutG, int haloH, int haloW,
                                                 boolean bias, int budget) {
        // One row: the GEMM writes the output directly, so the scratch is the band and the ones.
        long perCol = (long) cinG * (1 + haloH) + (bias ? 1 : 0);
        long fixed = (long) cinG * (1 + haloH) * haloW;
        int cols = (int) Math.max(1, Math.min(outCols, (budget - fixed) / perCol));
        return new ShiftedTiles(1, cols, (int) (fixed + perCol * cols));
    }

    /** Scratch floats of a band of {@code rows} rows (> 1) whose result is copied out. */
    private static long values(int rows, int cols, int cinG, int coutG, int haloH, int haloW, boolean bias) {
        long bandW = cols + haloW;
        long n = (rows - 1) * bandW + cols;
        return (long) cinG * (rows + haloH) * bandW + (bias ? n : 0) + (long) coutG * n;
    }
}
