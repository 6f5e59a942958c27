package dev.convstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convstream.testing.KernelFamilies;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both GEMM families against a naive triple loop in double precision. */
class GemmTest {

    /** Float unit roundoff, 2^-24. */
    private static final double U = 0x1p-24;

    /** A problem with random layout: offsets, padded leading dimensions, random contents. */
    private static final class Problem {
        final int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        final boolean accumulate;
        final float[] a, b, c, c0;
        /** Where row p of B starts: {@code bOff + p*ldb}, or in the ROWS form a random permutation of those. */
        final int[] rowStart;
        final Form form;
        /** The BIASED form's row bias, from {@code biasOff}. */
        final float[] rowBias;
        final int biasOff;

        Problem(Random rnd, int m, int n, int k, boolean accumulate, boolean sixteenths) {
            this(rnd, m, n, k, accumulate, sixteenths, Form.RAW);
        }

        Problem(Random rnd, int m, int n, int k, boolean accumulate, boolean sixteenths, Form form) {
            this.form = form;
            this.m = m;
            this.n = n;
            this.k = k;
            this.accumulate = accumulate && form != Form.BIASED; // the biased form overwrites C
            // Odd paddings and offsets so that rows are not vector aligned.
            aOff = rnd.nextInt(5);
            lda = k + (rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(4));
            bOff = rnd.nextInt(5);
            ldb = n + (rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(4));
            cOff = rnd.nextInt(5);
            ldc = n + (rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(4));
            a = fill(rnd, aOff + m * lda + 3, sixteenths);
            b = fill(rnd, bOff + k * ldb + 3, sixteenths);
            c = fill(rnd, cOff + m * ldc + 3, sixteenths);
            c0 = c.clone();
            rowStart = new int[k];
            for (int p = 0; p < k; p++) {
                rowStart[p] = bOff + p * ldb;
            }
            rowBias = fill(rnd, m + 3, sixteenths);
            biasOff = rnd.nextInt(3);
            if (form == Form.ROWS || form == Form.BIASED) {
                for (int p = k - 1; p > 0; p--) {
                    int q = rnd.nextInt(p + 1);
                    int t = rowStart[p];
                    rowStart[p] = rowStart[q];
                    rowStart[q] = t;
                }
            }
        }

        private static float[] fill(Random rnd, int len, boolean sixteenths) {
            float[] x = new float[len];
            for (int i = 0; i < len; i++) {
                x[i] = sixteenths ? (rnd.nextInt(17) - 8) / 16f : (float) (rnd.nextGaussian());
            }
            return x;
        }

        void run(Gemm gemm, Gemm.Workspace ws) {
            switch (form) {
                case RAW -> gemm.multiply(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, ws);
                case PACKED -> gemm.multiply(gemm.pack(m, k, a, aOff, lda), n, b, bOff, ldb, c, cOff, ldc,
                        accumulate, ws);
                case ROWS -> gemm.multiply(gemm.pack(m, k, a, aOff, lda), n, b, rowStart, c, cOff, ldc,
                        accumulate, ws);
                case BIASED -> gemm.multiply(gemm.pack(m, k, a, aOff, lda), n, b, rowStart, rowBias, biasOff,
                        c, cOff, ldc, ws);
            }
        }

        /**
         * Checks every element of c: inside C against the double reference, within
         * {@code tolerance(i, j)}; outside C (offset, padding, tail) unchanged.
         */
        void check(String label, boolean exact) {
            boolean[] inside = new boolean[c.length];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int idx = cOff + i * ldc + j;
                    inside[idx] = true;
                    double start = form == Form.BIASED ? rowBias[biasOff + i] : accumulate ? c0[idx] : 0;
                    double sum = start;
                    double abs = Math.abs(start);
                    for (int p = 0; p < k; p++) {
                        double prod = (double) a[aOff + i * lda + p] * b[rowStart[p] + j];
                        sum += prod;
                        abs += Math.abs(prod);
                    }
                    // Any summation order of k products (and the old C value), each step
                    // rounded to float, errs by at most gamma_(k+1) * sum|terms| with
                    // gamma_j = j*u/(1-j*u) (Higham, Accuracy and Stability, 3.1); an FMA only
                    // removes roundings. (k + 2) * u covers gamma and the final rounding to
                    // float; the double reference itself is exact to ~1e-16 relative.
                    double tol = exact ? 0 : (k + 2) * U * abs;
                    if (Math.abs(c[idx] - sum) > tol) {
                        fail(label + ": C[" + i + "][" + j + "] = " + c[idx] + ", expected " + sum
                                + " within " + tol);
                    }
                }
            }
            for (int idx = 0; idx < c.length; idx++) {
                if (!inside[idx] && Float.floatToRawIntBits(c[idx]) != Float.floatToRawIntBits(c0[idx])) {
                    fail(label + ": c[" + idx + "] outside C was overwritten");
                }
            }
        }
    }

    /**
     * How A and B are handed over: both strided, A packed once, A packed and B by row starts, and
     * that plus a row bias.
     */
    enum Form { RAW, PACKED, ROWS, BIASED }

    private static final int[] EDGE_DIMS = {0, 1, 2, 3, 7, 15, 16, 17, 31, 33};

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void allSmallEdgeCombinations(Kernels kernels) {
        Gemm gemm = kernels.gemm();
        Gemm.Workspace ws = gemm.newWorkspace();
        Random rnd = new Random(1);
        for (int m : EDGE_DIMS) {
            for (int n : EDGE_DIMS) {
                for (int k : EDGE_DIMS) {
                    for (boolean acc : new boolean[] {false, true}) {
                        for (Form form : Form.values()) {
                            Problem p = new Problem(rnd, m, n, k, acc, false, form);
                            p.run(gemm, ws);
                            p.check(kernels.name() + " " + form + " " + m + "x" + n + "x" + k + " acc=" + acc, false);
                        }
                    }
                }
            }
        }
    }

    /** Shapes that cross the vector GEMM's blocking: k > KC = 256, n > NC = 480, m > MR. */
    static Stream<int[]> largeShapes() {
        return Stream.of(new int[] {64, 64, 64}, new int[] {100, 257, 33}, new int[] {17, 100, 257},
                new int[] {33, 513, 300}, new int[] {9, 1000, 17}, new int[] {257, 31, 64},
                new int[] {8, 481, 520}, new int[] {32, 4096, 48}, new int[] {1, 500, 600},
                // n > NC with A too large to pack once: panels packed per column block
                new int[] {130, 490, 1100},
                new int[] {70, 1, 300}, new int[] {64, 1, 64}, new int[] {3, 1, 47}, new int[] {33, 1, 16});
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void largeShapesWithinErrorBound(Kernels kernels) {
        Gemm gemm = kernels.gemm();
        Gemm.Workspace ws = gemm.newWorkspace();
        Random rnd = new Random(2);
        largeShapes().forEach(s -> {
            for (boolean acc : new boolean[] {false, true}) {
                for (Form form : Form.values()) {
                    Problem p = new Problem(rnd, s[0], s[1], s[2], acc, false, form);
                    p.run(gemm, ws);
                    p.check(kernels.name() + " " + form + " " + s[0] + "x" + s[1] + "x" + s[2] + " acc=" + acc, false);
                }
            }
        });
    }

    /**
     * Multiples of 1/16 in [-1/2, 1/2]: each product is a multiple of 1/256 of magnitude at most
     * 1/4, so every partial sum of these shapes (|sum| < 2^8) is exactly representable in
     * float32 (24-bit significand), whatever the summation order: results must be exact.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void sixteenthsAreExact(Kernels kernels) {
        Gemm gemm = kernels.gemm();
        Gemm.Workspace ws = gemm.newWorkspace();
        Random rnd = new Random(3);
        Stream.concat(largeShapes(), Stream.of(new int[] {7, 17, 3}, new int[] {16, 48, 16}))
                .forEach(s -> {
                    for (boolean acc : new boolean[] {false, true}) {
                        for (Form form : Form.values()) {
                            Problem p = new Problem(rnd, s[0], s[1], s[2], acc, true, form);
                            p.run(gemm, ws);
                            p.check(kernels.name() + " " + form + " exact " + s[0] + "x" + s[1] + "x" + s[2], true);
                        }
                    }
                });
    }

    /**
     * The vector GEMM's promise (VectorGemm's class comment): every element of C is its start
     * followed by one FMA per product in order of depth, whatever path and blocking the shape
     * takes, so a product split by rows or columns gives the bits of the whole. Shapes of one
     * shallow block (k <= KC: many rows, several column blocks, edge panels) and deeper ones
     * (several depth blocks; B by row starts), with A packed whole in deep blocks (one of 600,
     * three of 700, each in several column blocks; B by row starts stepping through them by KC)
     * or, too large to pack whole (930 x 1000), packed block by block.
     */
    @Test
    void vectorGemmIsFmaInDepthOrderBitForBit() {
        Gemm gemm = Kernels.vector().gemm();
        Gemm.Workspace ws = gemm.newWorkspace();
        Random rnd = new Random(5);
        int[][] shapes = {{130, 490, 1100}, {257, 600, 300}, {33, 513, 300}, {136, 97, 129}, {8, 481, 520},
            {200, 1000, 40},
            // Edge panels two vectors wide: after full panels (256 = 4 x 48 + 2 x 32, 272 = 5 x 48 + 32),
            // in narrow products read from A in place (64, 50), and deeper than KC.
            {72, 256, 200}, {16, 272, 64}, {40, 64, 70}, {24, 50, 300}, {9, 112, 260},
            {40, 300, 600}, {20, 250, 2100}, {930, 97, 1000}};
        for (int[] s : shapes) {
            for (boolean acc : new boolean[] {false, true}) {
                for (Form form : Form.values()) {
                    Problem p = new Problem(rnd, s[0], s[1], s[2], acc, false, form);
                    p.run(gemm, ws);
                    for (int i = 0; i < p.m; i++) {
                        for (int j = 0; j < p.n; j++) {
                            int idx = p.cOff + i * p.ldc + j;
                            float sum = form == Form.BIASED ? p.rowBias[p.biasOff + i] : p.accumulate ? p.c0[idx] : 0f;
                            for (int q = 0; q < p.k; q++) {
                                sum = Math.fma(p.a[p.aOff + i * p.lda + q], p.b[p.rowStart[q] + j], sum);
                            }
                            if (Float.floatToRawIntBits(sum) != Float.floatToRawIntBits(p.c[idx])) {
                                fail(form + " " + s[0] + "x" + s[1] + "x" + s[2] + " acc=" + acc + ": C[" + i + "]["
                                        + j + "] = " + p.c[idx] + ", FMAs in depth order give " + sum);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The vector GEMM's depth blocks: A packed whole is cut into as few blocks of at most DEEP_KC
     * as k needs, of equal depth (up to one), and a B~ block of any such depth fits the room the
     * wide buffer keeps for it, at least one panel wide and as wide as before up to KC.
     */
    @Test
    void vectorGemmDepthBlocksAreEvenAndBFits() {
        assertEquals(0, VectorGemm.packDepth(0));
        assertEquals(VectorGemm.DEEP_KC, VectorGemm.packDepth(VectorGemm.DEEP_KC));
        assertEquals(550, VectorGemm.packDepth(1100));
        assertEquals(513, VectorGemm.packDepth(VectorGemm.DEEP_KC + 1));
        for (int k = 1; k <= 5000; k++) {
            int depth = VectorGemm.packDepth(k);
            int blocks = (k + depth - 1) / depth;
            assertTrue(depth <= VectorGemm.DEEP_KC && blocks == (k + VectorGemm.DEEP_KC - 1) / VectorGemm.DEEP_KC
                    && k - (blocks - 1) * depth > depth - blocks, "k=" + k + ": depth " + depth);
        }
        for (int kc = 1; kc <= VectorGemm.DEEP_KC; kc++) {
            int width = VectorGemm.blockWidth(kc);
            assertTrue(width % VectorGemm.NR == 0 && width >= VectorGemm.NR
                    && (long) kc * width <= VectorGemm.B_BLOCK && (kc > VectorGemm.KC || width == VectorGemm.NC),
                    "kc=" + kc + ": width " + width);
        }
    }

    /**
     * The panel layout every path of the vector GEMM follows: full NR panels first, then at most
     * two edge panels; the panels tile the block with only the last one padded, and that one is
     * more than the next narrower width (so at least half full); the one-vector kernel takes only
     * blocks of at most one vector.
     */
    @Test
    void vectorGemmPanelsTileEveryBlockWidth() {
        int nr = VectorGemm.NR;
        int l = nr / VectorGemm.NR_VECTORS;
        for (int nc = 1; nc <= VectorGemm.NC; nc++) {
            int full = VectorGemm.fullColumns(nc);
            assertTrue(full % nr == 0 && full <= nc && nc - full <= nr + l, "nc=" + nc + ": full columns " + full);
            int edgePanels = 0;
            for (int jr = 0, width; jr < nc; jr += width) {
                width = VectorGemm.panelWidth(nc - jr);
                String at = "nc=" + nc + " jr=" + jr + " width=" + width;
                int w = Math.min(width, nc - jr);
                if (jr < full) {
                    assertEquals(nr, width, at);
                    continue;
                }
                edgePanels++;
                assertTrue(width == l ? nc <= l : width == 2 * l || width == nr, at);
                if (jr + width < nc) {
                    assertEquals(width, w, at + ": only the last panel is padded");
                } else {
                    assertTrue(width == l || w > (width == nr ? 2 * l : l), at + ": last panel holds " + w);
                }
            }
            assertTrue(edgePanels <= 2, "nc=" + nc + ": " + edgePanels + " edge panels");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void workspaceIsReusableAcrossShapes(Kernels kernels) {
        Gemm gemm = kernels.gemm();
        Gemm.Workspace ws = gemm.newWorkspace();
        Random rnd = new Random(4);
        // A large problem leaves data in the packing buffers; a smaller one must not see it.
        Problem big = new Problem(rnd, 40, 600, 300, false, true);
        big.run(gemm, ws);
        Problem small = new Problem(rnd, 3, 5, 2, false, true);
        small.run(gemm, ws);
        small.check("small after big", true);
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void badArgumentsAreRejected(Kernels kernels) {
        Gemm gemm = kernels.gemm();
        Gemm.Workspace ws = gemm.newWorkspace();
        float[] x = new float[16];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gemm.multiply(-1, 2, 2, x, 0, 2, x, 0, 2, x, 0, 2, false, ws));
        assertTrue(e.getMessage().contains("m=-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> gemm.multiply(2, 2, 3, x, 0, 2, x, 0, 2, x, 0, 2, false, ws));
        assertTrue(e.getMessage().contains("leading dimension of A"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> gemm.multiply(4, 4, 4, x, 1, 4, x, 0, 4, x, 0, 4, false, ws));
        assertTrue(e.getMessage().contains("A (4x4, offset 1"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void packedFormsRejectBadArguments(Kernels kernels) {
        Gemm gemm = kernels.gemm();
        Gemm.Workspace ws = gemm.newWorkspace();
        float[] x = new float[16];
        Gemm.PackedMatrix a = gemm.pack(2, 3, x, 0, 3);
        assertEquals(2, a.rows());
        assertEquals(3, a.cols());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gemm.pack(4, 4, x, 1, 4));
        assertTrue(e.getMessage().contains("A (4x4, offset 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> gemm.multiply(a, 2, x, new int[] {0, 4}, x, 0, 2, false, ws));
        assertTrue(e.getMessage().contains("B needs 3 row starts, found 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> gemm.multiply(a, 4, x, new int[] {0, 4, 13}, x, 0, 4, false, ws));
        assertTrue(e.getMessage().contains("row 2 of B (4 values from 13) runs outside its array of 16"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> gemm.multiply(a, 2, x, new int[] {0, 4, 8}, new float[2], 1, x, 0, 2, ws));
        assertTrue(e.getMessage().contains("row bias of 2 values at offset 1 does not fit its array of 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> gemm.multiply(a, 4, x, 5, 4, x, 0, 4, false, ws));
        assertTrue(e.getMessage().contains("B (3x4, offset 5"), e.getMessage());
        Gemm other = (gemm.name().equals("vector") ? Kernels.scalar() : KernelFamilies.vector()).gemm();
        Gemm.PackedMatrix foreign = other.pack(2, 3, x, 0, 3);
        e = assertThrows(IllegalArgumentException.class,
                () -> gemm.multiply(foreign, 2, x, 0, 2, x, 0, 2, false, ws));
        assertTrue(e.getMessage().contains("packed matrix must come from the " + gemm.name() + " Gemm"), e.getMessage());
    }

    @Test
    void vectorGemmRejectsForeignWorkspace() {
        Gemm vector = KernelFamilies.vector().gemm();
        Gemm.Workspace scalarWs = Kernels.scalar().gemm().newWorkspace();
        float[] x = new float[4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> vector.multiply(2, 2, 2, x, 0, 2, x, 0, 2, x, 0, 2, false, scalarWs));
        assertTrue(e.getMessage().contains("workspace"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> vector.multiply(2, 2, 2, x, 0, 2, x, 0, 2, x, 0, 2, false, null));
    }

    /**
     * The vector GEMM's 4 MiB wide buffer (B~ on cache lines) is made only by a product wider
     * than {@code DIRECT_A_MAX_N} columns that packs B, so the workspaces of streaming layers
     * (a few frames per call) never hold it; and the same problems give the same results either
     * way.
     */
    @Test
    void wideBufferOnlyForWideProducts() {
        Gemm gemm = KernelFamilies.vector().gemm();
        Gemm.Workspace workspace = gemm.newWorkspace();
        VectorGemm.VectorWorkspace ws = (VectorGemm.VectorWorkspace) workspace;
        Random rnd = new Random(5);
        for (Form form : Form.values()) {
            Problem p = new Problem(rnd, 40, VectorGemm.DIRECT_A_MAX_N, 300, true, true, form);
            p.run(gemm, ws);
            p.check("narrow " + form, true);
            // B by row starts is read in place, whatever its width.
            if (form == Form.ROWS || form == Form.BIASED) {
                Problem q = new Problem(rnd, 40, 1000, 300, true, true, form);
                q.run(gemm, ws);
                q.check("in place " + form, true);
            }
        }
        assertFalse(ws.hasWide(), "a narrow product made the wide buffer");
        Problem wide = new Problem(rnd, 40, VectorGemm.DIRECT_A_MAX_N + 1, 300, true, true, Form.PACKED);
        wide.run(gemm, ws);
        wide.check("wide", true);
        assertTrue(ws.hasWide(), "a wide product did not make the wide buffer");
    }

    /** A real-time caller's workspace has all its memory before its first product. */
    @Test
    void boundedWorkspaceMakesTheWideBufferUpFront() {
        Gemm gemm = KernelFamilies.vector().gemm();
        int narrow = VectorGemm.DIRECT_A_MAX_N;
        assertFalse(((VectorGemm.VectorWorkspace) gemm.newWorkspace(narrow)).hasWide(), "narrow");
        VectorGemm.VectorWorkspace ws = (VectorGemm.VectorWorkspace) gemm.newWorkspace(narrow + 1);
        assertTrue(ws.hasWide(), "wide, before any product");
        Problem p = new Problem(new Random(6), 40, narrow + 1, 300, true, true, Form.PACKED);
        p.run(gemm, ws);
        p.check("wide, bounded workspace", true);
        assertThrows(IllegalArgumentException.class, () -> gemm.newWorkspace(-1));
    }

    @Test
    void familiesAreNamed() {
        assertEquals("scalar", Kernels.scalar().name());
        assertEquals("scalar", Kernels.scalar().gemm().name());
        assertEquals("vector", KernelFamilies.vector().name());
        assertEquals("vector", KernelFamilies.vector().gemm().name());
    }
}
