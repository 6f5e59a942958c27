package dev.convstream.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ColumnTilesTest {

    @Test
    void wholeGridWhenItFits() {
        assertEquals(new ColumnTiles(56, 56), ColumnTiles.plan(56, 56, 576, 576 * 56 * 56));
    }

    @Test
    void bandsOfWholeRowsWhenARowFits() {
        // 576 rows * 56 columns = 32256 values per grid row; 1 << 20 budget holds 32 rows
        ColumnTiles t = ColumnTiles.plan(56, 56, 576, 1 << 20);
        assertEquals(new ColumnTiles(32, 56), t);
        assertEquals(576 * 32 * 56, t.columnValues(576));
    }

    @Test
    void segmentsOfOneRowWhenARowIsTooLong() {
        // a 1D signal: 48 rows * 10^6 columns; budget 4800 -> 100 columns per tile
        assertEquals(new ColumnTiles(1, 100), ColumnTiles.plan(1, 1_000_000, 48, 4800));
        assertEquals(new ColumnTiles(1, 1), ColumnTiles.plan(3, 5, 48, 1)); // never below one window
    }
}
