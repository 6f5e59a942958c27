package dev.convstream.layer;

/**
 * How a column matrix too large to build at once is cut into tiles of the window grid: whole
 * bands of grid rows when a row fits the budget, else segments of one row. Either shape keeps
 * a tile's outputs a plain strided matrix (leading dimension = the output plane), so GEMM
 * writes them in place. This bounds the workspace of a long 1D signal or a large image
 * ({@code [Cin*kh*kw][H'*W']} would otherwise grow without limit) without changing any sum.
 *
 * @param bandRows grid rows per tile
 * @param segmentCols grid columns per tile ({@code gridW} unless {@code bandRows == 1})
 */
record ColumnTiles(int bandRows, int segmentCols) {

    /** Column-matrix values per tile, unless the grid is smaller: 4 MiB of floats. */
    static final int DEFAULT_BUDGET = 1 << 20;

    static ColumnTiles plan(int gridH, int gridW, int columnRows, int budget) {
        return new ColumnTiles(bandRows(gridH, gridW, columnRows, budget), segmentCols(gridH, gridW, columnRows, budget));
    }

    /** {@link #bandRows()} of {@link #plan}, without building the record (the layer's call must not allocate). */
    static int bandRows(int gridH, int gridW, int columnRows, int budget) {
        long perRow = (long) columnRows * gridW;
        return perRow <= budget ? (int) Math.max(1, Math.min(gridH, budget / perRow)) : 1;
    }

    /** {@link #segmentCols()} of {@link #plan}. */
    static int segmentCols(int gridH, int gridW, int columnRows, int budget) {
        long perRow = (long) columnRows * gridW;
        return perRow <= budget ? gridW : Math.max(1, Math.min(gridW, budget / columnRows));
    }

    /** Values of a tile's column matrix. */
    static int columnValues(int bandRows, int segmentCols, int columnRows) {
        return columnRows * bandRows * segmentCols;
    }

    /** Values of the largest tile's column matrix. */
    int columnValues(int columnRows) {
        return columnValues(bandRows, segmentCols, columnRows);
    }
}
