package dev.convstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both {@link RowDots} families against a double-precision sum. A float sum of {@code len}
 * products of magnitude ~1 is within {@code ~len * 2^-24} of the exact sum in the worst case,
 * typically {@code sqrt(len) * 2^-24}; the bound is {@code 4 * sqrt(len) * 2^-24 * sqrt(sum
 * of squares)} per element, i.e. error relative to the magnitude of the products.
 */
class RowDotsTest {

    /** m, n, len: tiles of 4x4, row and column tails, lengths below, at and above a vector, long rows. */
    private static final int[][] SHAPES = {
        {4, 4, 64}, {16, 48, 1000}, {5, 7, 33}, {1, 1, 1}, {3, 2, 15}, {8, 1, 4097}, {2, 12, 8191}, {16, 16, 17},
    };

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void matchesDoubleSums(Kernels kernels) {
        RowDots dots = kernels.rowDots();
        Random rnd = new Random(4);
        for (int[] s : SHAPES) {
            for (boolean accumulate : new boolean[] {false, true}) {
                int m = s[0];
                int n = s[1];
                int len = s[2];
                int lda = len + 3;
                float[] a = random(rnd, 2 + m * lda);
                float[] b = random(rnd, 5 * n + len + 50);
                int[] rows = new int[n];
                for (int j = 0; j < n; j++) {
                    rows[j] = rnd.nextInt(5 * n + 50); // overlapping rows, as a conv's taps are
                }
                int ldc = n + 2;
                float[] c = random(rnd, 1 + m * ldc);
                float[] start = c.clone();
                dots.multiply(m, n, len, a, 2, lda, b, rows, c, 1, ldc, accumulate, new float[dots.workSize()]);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double exact = accumulate ? start[1 + i * ldc + j] : 0;
                        double squares = 0;
                        for (int t = 0; t < len; t++) {
                            double p = (double) a[2 + i * lda + t] * b[rows[j] + t];
                            exact += p;
                            squares += p * p;
                        }
                        double bound = 4 * Math.sqrt(len) * Math.ulp(1f) * (Math.sqrt(squares) + Math.abs(exact));
                        assertEquals(exact, c[1 + i * ldc + j], bound, kernels.name() + " " + java.util.Arrays.toString(s)
                                + " accumulate=" + accumulate + " C[" + i + "][" + j + "]");
                    }
                }
                for (int i = 0; i < m; i++) {
                    for (int j = n; j < ldc && 1 + i * ldc + j < c.length; j++) {
                        assertEquals(start[1 + i * ldc + j], c[1 + i * ldc + j], "outside C is untouched");
                    }
                }
            }
        }
    }

    /** Each element's bits do not depend on the tile it fell in: a row range gives the whole product's rows. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void rowRangesGiveTheSameBits(Kernels kernels) {
        Random rnd = new Random(6);
        int m = 7;
        int n = 6;
        int len = 301;
        float[] a = random(rnd, m * len);
        float[] b = random(rnd, n * len);
        int[] rows = new int[n];
        for (int j = 0; j < n; j++) {
            rows[j] = j * len;
        }
        float[] whole = new float[m * n];
        float[] work = new float[kernels.rowDots().workSize()];
        kernels.rowDots().multiply(m, n, len, a, 0, len, b, rows, whole, 0, n, false, work);
        for (int i = 0; i < m; i++) {
            float[] one = new float[n];
            kernels.rowDots().multiply(1, n, len, a, i * len, len, b, rows, one, 0, n, false, work);
            for (int j = 0; j < n; j++) {
                assertEquals(Float.floatToIntBits(whole[i * n + j]), Float.floatToIntBits(one[j]), "C[" + i + "][" + j + "]");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void refusesRowsOutsideTheirArrays(Kernels kernels) {
        RowDots dots = kernels.rowDots();
        float[] a = new float[10];
        float[] c = new float[4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dots.multiply(1, 2, 8, a, 0, 8, new float[10], new int[] {0, 3}, c, 0, 2, false,
                        new float[dots.workSize()]));
        assertTrue(e.getMessage().contains("row 1 of B"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> dots.multiply(2, 1, 8, a, 0, 8, new float[10], new int[] {0}, c, 0, 1, false,
                        new float[dots.workSize()]));
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
