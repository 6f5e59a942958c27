package dev.convstream.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.spec.PaddingMode;
import dev.convstream.testing.TestData;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Im2col against hand-written matrices; Col2im as its exact adjoint in every padding mode. */
class Im2colCol2imTest {

    @Test
    void validWindowsOfA3x3Image() {
        float[] image = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        ConvGeometry g = new ConvGeometry(3, 3, 2, 2, 1, 1, 0, 0, 1, 1, 2, 2, PaddingMode.ZEROS);
        float[] cols = new float[4 * 4];
        Im2col.fill(g, 1, image, 0, cols, 0);
        assertArrayEquals(new float[] {
            1, 2, 4, 5,   // tap (0,0) of windows (0,0) (0,1) (1,0) (1,1)
            2, 3, 5, 6,   // tap (0,1)
            4, 5, 7, 8,   // tap (1,0)
            5, 6, 8, 9}, cols);
    }

    @Test
    void paddingModesOnOneRow() {
        // [1 2 3], kernel 3, padding 1 on both sides: padded rows per mode, as F.pad defines them
        float[] row = {1, 2, 3};
        assertArrayEquals(new float[] {0, 1, 2, 1, 2, 3, 2, 3, 0}, columns(row, PaddingMode.ZEROS));
        assertArrayEquals(new float[] {2, 1, 2, 1, 2, 3, 2, 3, 2}, columns(row, PaddingMode.REFLECT));
        assertArrayEquals(new float[] {1, 1, 2, 1, 2, 3, 2, 3, 3}, columns(row, PaddingMode.REPLICATE));
        assertArrayEquals(new float[] {3, 1, 2, 1, 2, 3, 2, 3, 1}, columns(row, PaddingMode.CIRCULAR));
    }

    private static float[] columns(float[] row, PaddingMode mode) {
        ConvGeometry g = new ConvGeometry(1, 3, 1, 3, 1, 1, 0, 1, 1, 1, 1, 3, mode);
        float[] cols = new float[9];
        Im2col.fill(g, 1, row, 0, cols, 0);
        return cols;
    }

    @Test
    void writesOnlyItsOwnRangeAtAnOffset() {
        float[] image = {9, 1, 2, 3, 4, 9};
        ConvGeometry g = new ConvGeometry(1, 4, 1, 2, 1, 2, 0, 0, 1, 1, 1, 2, PaddingMode.ZEROS);
        float[] cols = new float[8];
        Arrays.fill(cols, -7);
        Im2col.fill(g, 1, image, 1, cols, 2);
        assertArrayEquals(new float[] {-7, -7, 1, 3, 2, 4, -7, -7}, cols);
    }

    @Test
    void rangeErrorsNameTheArray() {
        ConvGeometry g = new ConvGeometry(2, 2, 1, 1, 1, 1, 0, 0, 1, 1, 2, 2, PaddingMode.ZEROS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Im2col.fill(g, 2, new float[7], 0, new float[8], 0));
        assertTrue(e.getMessage().contains("image of 2 planes 2x2 at offset 0 needs 8 values, array has 7"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Col2im.accumulate(g, 1, new float[4], 1, new float[4], 0));
        assertTrue(e.getMessage().contains("column matrix [1][4] at offset 1 needs 5 values, array has 4"),
                e.getMessage());
    }

    /**
     * {@code <im2col(x), c> == <x, col2im(c)>} over random geometries: with multiples of 1/16 both
     * sides are exact in double, so equality is exact.
     */
    @ParameterizedTest
    @EnumSource(PaddingMode.class)
    void col2imIsTheAdjointOfIm2col(PaddingMode mode) {
        Random r = new Random(mode.ordinal() + 40);
        TestData data = new TestData(mode.ordinal());
        for (int trial = 0; trial < 40; trial++) {
            int kh = 1 + r.nextInt(4);
            int kw = 1 + r.nextInt(4);
            int sh = 1 + r.nextInt(3);
            int sw = 1 + r.nextInt(3);
            int dh = 1 + r.nextInt(3);
            int dw = 1 + r.nextInt(3);
            int pt = r.nextInt(4);
            int pl = r.nextInt(4);
            int pb = r.nextInt(4);
            int pr = r.nextInt(4);
            int h = Math.max(Math.max(pt, pb) + 1, 1 + r.nextInt(8));
            int w = Math.max(Math.max(pl, pr) + 1, 1 + r.nextInt(8));
            int gh = (h + pt + pb - dh * (kh - 1) - 1) / sh + 1;
            int gw = (w + pl + pr - dw * (kw - 1) - 1) / sw + 1;
            if (gh < 1 || gw < 1) {
                continue;
            }
            int channels = 1 + r.nextInt(3);
            ConvGeometry g = new ConvGeometry(h, w, kh, kw, sh, sw, pt, pl, dh, dw, gh, gw, mode);
            float[] x = data.sixteenths(channels * h * w).data();
            float[] c = data.sixteenths(channels * kh * kw * gh * gw).data();
            float[] cols = new float[c.length];
            Im2col.fill(g, channels, x, 0, cols, 0);
            float[] back = new float[x.length];
            Col2im.accumulate(g, channels, c, 0, back, 0);
            assertEquals(dot(cols, c), dot(x, back), g.toString());
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
