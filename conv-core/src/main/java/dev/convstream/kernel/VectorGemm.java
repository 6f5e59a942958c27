package dev.convstream.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GotoBLAS/BLIS-style GEMM on the Vector API.
 *
 * <p>C is row-major, so the vectors run along a row of C (the n direction) and the micro-kernel
 * broadcasts one element of A per row: an {@value #MR} x {@link #NR} tile of C is held in
 * {@code MR * NR_VECTORS} accumulator registers while {@code kc} rank-1 updates stream through.
 * Operands are first copied into packed panels so that the micro-kernel reads both of them
 * sequentially, whatever lda/ldb are, and so that edges are zero-padded panels rather than
 * scalar tails:
 * <pre>
 * for jc in n step NC            B~ = B[pc.., jc..] (KC x NC) packed, stays in L2
 *   for pc in k step KC
 *     for ic in m step MR        A~ = A[ic.., pc..] (MR x KC) packed, stays in L1
 *       for jr in NC step NR     micro-kernel: C[ic.., jc+jr..] += A~ * B~[.., jr..]
 * </pre>
 * Tiles that overhang m or n are computed in full on the zero padding, written to a small tile
 * buffer, and only their valid part is added to C; full tiles go straight to C.
 *
 * <p>A can be packed once ({@link #pack}: a layer's weights, at construction), and B can be
 * given by row starts, which convolutions use to read a padded input at each tap's shift
 * instead of building im2col's matrix. Then the full NR-wide panels of B are not packed at all:
 * the micro-kernel reads them in place, panel by panel with every row panel of A in turn, so a
 * panel's rows stay in L1 ({@code rowsBlock}).
 *
 * <p>Small problems (n up to {@link #DIRECT_A_MAX_N} in all, as in streaming where n is
 * the frame count) skip packing A, a scalar transpose that would cost as much as the product;
 * the micro-kernel then broadcasts from A's rows in place ({@code kernel3Direct}).
 *
 * <p>Every element of C gets the same sequence of roundings on every path: its start (zero, C,
 * or the row bias), then one FMA per product in order of depth, edge tiles included
 * ({@code loadTile}). So splitting a product by columns or rows, as the layers' parallel parts
 * and a stream's blocks do, gives the bits of the whole product. That is also why there is no
 * matrix-vector path vectorised along k for a single column: its sums would be ordered
 * otherwise, and a one-frame block would round differently from a longer one.
 *
 * <p>Its speed against the machine's peak is in BENCHMARKS.md.
 *
 * <p>The micro-kernels are unrolled by hand and call no helper that takes or returns a vector:
 * such a helper, once C2's inlining node budget is spent (NodeCountInliningCutoff, hit by the
 * Vector API's deep inline trees), stays a real call and boxes its vectors on every call.
 *
 * <p>Masked vector loads/stores would avoid the tile buffer, but on JDK 17 they are not
 * intrinsified and allocate on every call, which the zero-allocation contract forbids, so this
 * class uses none.
 */
final class VectorGemm implements Gemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /**
     * Rows of the micro-tile. With {@link #NR_VECTORS} = 3 the tile needs 24 accumulators, plus
     * 3 registers for the row of B and 1 for the broadcast of A: 28 of the 32 vector registers
     * of AVX-512 (AVX2 has only 16, where this spills; still correct). 8 also divides the common
     * channel counts (16, 32, 64, 128), so the row edge is rarely padded.
     */
    static final int MR = 8;
    /** Vectors per row of the micro-tile; see {@link #MR}. */
    static final int NR_VECTORS = 3;
    /** Columns of the micro-tile (48 with 16 float lanes). */
    static final int NR = NR_VECTORS * L;
    /**
     * Depth of one packed block: the A micro-panel (MR x KC floats = 8 KiB) stays in L1 while
     * the micro-kernel sweeps the whole B~ block, and 256 rank-1 updates per tile amortise the
     * load/store of the C tile.
     */
    static final int KC = 256;
    /**
     * Width of the packed B block, a multiple of NR: B~ = KC x NC floats is about 480 KiB, half
     * of a 1 MiB L2 (Zen 4 and 5), so it stays L2-resident across all row panels of A.
     */
    static final int NC = Math.max(NR, 512 / NR * NR);

    /**
     * Up to this many columns of C in all, A is read in place instead of packed: packing costs
     * m*k scalar copies per column block against m*n*k/L vector FMAs, so it pays only when n is
     * large; in place, the 8 rows are 8 sequential streams, which the prefetchers also follow.
     */
    static final int DIRECT_A_MAX_N = 2 * NR;

    /**
     * Row starts of a packed B panel ({@code p * NR}), so that packed panels go through the same
     * micro-kernel as B read in place ({@link #kernel3Rows}). Never written after class init.
     * Why a table instead of {@code p * NR}: with an index linear in p, JDK 25's C2 compiles the
     * micro-kernel loop markedly slower than JDK 17's (not by loop unrolling), while with the
     * index loaded from a table both JDKs run it at the same speed (BENCHMARKS.md).
     */
    private static final int[] PANEL_ROWS = new int[KC];

    static {
        for (int p = 0; p < KC; p++) {
            PANEL_ROWS[p] = p * NR;
        }
    }

    /** Floats of the workspace that holds all of A's packed panels; see {@code packedAll}. */
    static final int PACKED_A_ONCE = 1 << 17;

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public Workspace newWorkspace() {
        return new VectorWorkspace();
    }

    /** Packing buffers, sized once from the blocking constants so multiply never allocates. */
    static final class VectorWorkspace implements Workspace {
        final float[] packedB = new float[KC * NC];
        final float[] packedA = new float[MR * KC];
        /**
         * All of A's panels, for products with several column blocks: 512 KiB, enough for
         * 64 x 2048 or 512 x 256 (a conv layer's weights), packed once per multiply.
         */
        final float[] packedAll = new float[PACKED_A_ONCE];
        /** Holds an edge tile before its valid part is added to C. */
        final float[] tile = new float[MR * NR];
        /** A partial row panel's bias, padded to MR rows. */
        final float[] init = new float[MR];
    }

    @Override
    public void multiply(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate, Workspace workspace) {
        GemmChecks.check(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        VectorWorkspace ws = workspace(workspace);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            clearUnlessAccumulating(m, n, c, cOff, ldc, accumulate);
            return;
        }
        // With several column blocks, A would be re-packed for each; when all of A's panels fit
        // the workspace, pack them once up front.
        float[] panels = null;
        if (n > NC && panelsLength(m, k) <= ws.packedAll.length) {
            packAll(m, k, a, aOff, lda, ws.packedAll);
            panels = ws.packedAll;
        }
        run(m, n, k, a, aOff, lda, panels, b, bOff, ldb, null, c, cOff, ldc, accumulate, null, 0, ws);
    }

    @Override
    public PackedMatrix pack(int m, int k, float[] a, int aOff, int lda) {
        GemmChecks.checkPack(m, k, a, aOff, lda);
        long length = panelsLength(m, k);
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix " + m + "x" + k + " is too large to pack");
        }
        float[] panels = new float[(int) length];
        packAll(m, k, a, aOff, lda, panels);
        return new Packed(m, k, panels);
    }

    @Override
    public void multiply(PackedMatrix packed, int n, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate, Workspace workspace) {
        Packed a = packed(packed);
        GemmChecks.checkPacked(a.rows, n, a.cols, b, bOff, ldb, c, cOff, ldc);
        multiplyPacked(a, n, b, bOff, ldb, null, c, cOff, ldc, accumulate, null, 0, workspace(workspace));
    }

    @Override
    public void multiply(PackedMatrix packed, int n, float[] b, int[] bRows,
                         float[] c, int cOff, int ldc, boolean accumulate, Workspace workspace) {
        Packed a = packed(packed);
        GemmChecks.checkRows(a.rows, n, a.cols, b, bRows, c, cOff, ldc);
        multiplyPacked(a, n, b, 0, 0, bRows, c, cOff, ldc, accumulate, null, 0, workspace(workspace));
    }

    @Override
    public void multiply(PackedMatrix packed, int n, float[] b, int[] bRows, float[] rowBias, int rowBiasOff,
                         float[] c, int cOff, int ldc, Workspace workspace) {
        Packed a = packed(packed);
        GemmChecks.checkRows(a.rows, n, a.cols, b, bRows, c, cOff, ldc);
        GemmChecks.checkBias(a.rows, rowBias, rowBiasOff);
        multiplyPacked(a, n, b, 0, 0, bRows, c, cOff, ldc, false, rowBias, rowBiasOff, workspace(workspace));
    }

    private static void multiplyPacked(Packed a, int n, float[] b, int bOff, int ldb, int[] bRows,
                                       float[] c, int cOff, int ldc, boolean accumulate,
                                       float[] rowBias, int rowBiasOff, VectorWorkspace ws) {
        if (a.rows == 0 || n == 0) {
            return;
        }
        if (a.cols == 0) {
            if (rowBias != null) {
                for (int i = 0; i < a.rows; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, rowBias[rowBiasOff + i]);
                }
            } else {
                clearUnlessAccumulating(a.rows, n, c, cOff, ldc, accumulate);
            }
            return;
        }
        run(a.rows, n, a.cols, null, 0, 0, a.panels, b, bOff, ldb, bRows, c, cOff, ldc, accumulate, rowBias, rowBiasOff, ws);
    }

    /** A's panels in the layout {@link #run} reads: slot (depth block, row panel), MR x KC each. */
    private record Packed(int rows, int cols, float[] panels) implements PackedMatrix {
    }

    private static Packed packed(PackedMatrix a) {
        if (a instanceof Packed p) {
            return p;
        }
        throw new IllegalArgumentException("packed matrix must come from the vector Gemm's pack(), found "
                + (a == null ? "null" : a.getClass().getName()));
    }

    private static VectorWorkspace workspace(Workspace workspace) {
        if (workspace instanceof VectorWorkspace ws) {
            return ws;
        }
        throw new IllegalArgumentException("workspace must come from the vector Gemm's newWorkspace(), found "
                + (workspace == null ? "null" : workspace.getClass().getName()));
    }

    private static void clearUnlessAccumulating(int m, int n, float[] c, int cOff, int ldc, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
        }
    }

    private static long panelsLength(int m, int k) {
        return (long) ((m + MR - 1) / MR) * ((k + KC - 1) / KC) * MR * KC;
    }

    /** Packs all of A: panel (depth block, row panel) at slot {@code block * rowPanels + ic / MR}. */
    private static void packAll(int m, int k, float[] a, int aOff, int lda, float[] panels) {
        int rowPanels = (m + MR - 1) / MR;
        for (int pc = 0, block = 0; pc < k; pc += KC, block++) {
            int kc = Math.min(KC, k - pc);
            for (int ic = 0; ic < m; ic += MR) {
                packA(a, aOff + ic * lda + pc, lda, Math.min(MR, m - ic), kc, panels,
                        (block * rowPanels + ic / MR) * MR * KC);
            }
        }
    }

    /**
     * The blocked product. A is read from {@code panels} (laid out by {@link #packAll}) when not
     * null, else from {@code a}; B from {@code bRows} row starts when not null, else strided.
     */
    private static void run(int m, int n, int k, float[] a, int aOff, int lda, float[] panels,
                            float[] b, int bOff, int ldb, int[] bRows,
                            float[] c, int cOff, int ldc, boolean accumulate, float[] rowBias, int rowBiasOff,
                            VectorWorkspace ws) {
        float[] bp = ws.packedB;
        int rowPanels = (m + MR - 1) / MR;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0, block = 0; pc < k; pc += KC, block++) {
                int kc = Math.min(KC, k - pc);
                // Later depth blocks add onto what the first one wrote, which started from the
                // row bias if there is one (only with packed A).
                boolean add = accumulate || pc > 0;
                float[] bias = pc == 0 ? rowBias : null;
                if (bRows != null && panels != null) {
                    rowsBlock(rowPanels, block, m, kc, pc, jc, nc, panels, b, bRows, c, cOff, ldc, add,
                            bias, rowBiasOff, ws);
                    continue;
                }
                packB(b, bOff, ldb, bRows, pc, jc, kc, nc, bp);
                // Only a narrow product reads A in place; the last, narrow column block of a wide
                // one packs A like the others: on JDK 17, C2 sometimes leaves the direct kernel's
                // Vector API calls unintrinsified when it runs only there (BENCHMARKS.md).
                boolean direct = n <= DIRECT_A_MAX_N;
                for (int ic = 0; ic < m; ic += MR) {
                    int mr = Math.min(MR, m - ic);
                    int cRow = cOff + ic * ldc + jc;
                    if (panels != null) {
                        float[] init = bias == null ? null
                                : mr == MR ? bias : lastRowsInit(bias, rowBiasOff + ic, mr, ws.init);
                        panelsPacked(panels, (block * rowPanels + ic / MR) * MR * KC, mr, kc, nc, bp,
                                c, cRow, ldc, add, ws.tile, init, mr == MR ? rowBiasOff + ic : 0);
                    } else if (direct) {
                        panelsDirect(a, aOff + ic * lda + pc, lda, mr, kc, nc, bp, c, cRow, ldc, add, ws.tile);
                    } else {
                        packA(a, aOff + ic * lda + pc, lda, mr, kc, ws.packedA, 0);
                        panelsPacked(ws.packedA, 0, mr, kc, nc, bp, c, cRow, ldc, add, ws.tile, null, 0);
                    }
                }
            }
        }
    }

    /**
     * One (column block, depth block) of a product whose B is given by row starts: every full
     * NR-wide panel is read in place by {@link #kernel3Rows}, panel by panel with all row panels
     * of A in turn, so that the panel's rows stay in L1; a last, narrower panel is packed.
     */
    private static void rowsBlock(int rowPanels, int block, int m, int kc, int pc, int jc, int nc, float[] panels,
                                  float[] b, int[] bRows, float[] c, int cOff, int ldc, boolean add,
                                  float[] rowBias, int rowBiasOff, VectorWorkspace ws) {
        int full = nc / NR * NR;
        for (int jr = 0; jr < full; jr += NR) {
            for (int ic = 0; ic < m; ic += MR) {
                int mr = Math.min(MR, m - ic);
                int slot = (block * rowPanels + ic / MR) * MR * KC;
                int cAt = cOff + ic * ldc + jc + jr;
                if (mr == MR) {
                    kernel3Rows(kc, panels, slot, b, bRows, pc, jc + jr, c, cAt, ldc, add, rowBias, rowBiasOff + ic);
                } else {
                    float[] init = rowBias == null ? null : lastRowsInit(rowBias, rowBiasOff + ic, mr, ws.init);
                    loadTile(c, cAt, ldc, add, mr, NR, ws.tile, NR);
                    kernel3Rows(kc, panels, slot, b, bRows, pc, jc + jr, ws.tile, 0, NR, add, init, 0);
                    storeTile(ws.tile, NR, mr, NR, c, cAt, ldc);
                }
            }
        }
        if (full < nc) {
            packB(b, 0, 0, bRows, pc, jc + full, kc, nc - full, ws.packedB);
            for (int ic = 0; ic < m; ic += MR) {
                int mr = Math.min(MR, m - ic);
                float[] init = rowBias == null ? null
                        : mr == MR ? rowBias : lastRowsInit(rowBias, rowBiasOff + ic, mr, ws.init);
                panelsPacked(panels, (block * rowPanels + ic / MR) * MR * KC, mr, kc, nc - full,
                        ws.packedB, c, cOff + ic * ldc + jc + full, ldc, add, ws.tile, init,
                        mr == MR ? rowBiasOff + ic : 0);
            }
        }
    }

    /** The last, partial row panel's starting values, padded with zeros to MR rows. */
    private static float[] lastRowsInit(float[] rowBias, int from, int mr, float[] init) {
        System.arraycopy(rowBias, from, init, 0, mr);
        Arrays.fill(init, mr, MR, 0f);
        return init;
    }

    /**
     * One row panel of C (mr rows, nc columns) from packed A and B~. A last B~ panel no wider
     * than one vector is packed one vector wide and takes the one-vector kernel.
     */
    private static void panelsPacked(float[] ap, int aOff, int mr, int kc, int nc, float[] bp,
                                     float[] c, int cRow, int ldc, boolean add, float[] tile,
                                     float[] init, int initOff) {
        for (int jr = 0; jr < nc; jr += NR) {
            int w = Math.min(NR, nc - jr);
            int panel = jr * kc;
            if (w <= L) {
                if (mr == MR && w == L) {
                    kernel1(kc, ap, aOff, bp, panel, c, cRow + jr, ldc, add, init, initOff);
                } else {
                    loadTile(c, cRow + jr, ldc, add, mr, w, tile, L);
                    kernel1(kc, ap, aOff, bp, panel, tile, 0, L, add, init, initOff);
                    storeTile(tile, L, mr, w, c, cRow + jr, ldc);
                }
            } else if (mr == MR && w == NR) {
                kernel3Rows(kc, ap, aOff, bp, PANEL_ROWS, 0, panel, c, cRow + jr, ldc, add, init, initOff);
            } else {
                loadTile(c, cRow + jr, ldc, add, mr, w, tile, NR);
                kernel3Rows(kc, ap, aOff, bp, PANEL_ROWS, 0, panel, tile, 0, NR, add, init, initOff);
                storeTile(tile, NR, mr, w, c, cRow + jr, ldc);
            }
        }
    }

    /** {@link #panelsPacked} with A read in place. */
    private static void panelsDirect(float[] a, int aRow, int lda, int mr, int kc, int nc, float[] bp,
                                     float[] c, int cRow, int ldc, boolean add, float[] tile) {
        for (int jr = 0; jr < nc; jr += NR) {
            int w = Math.min(NR, nc - jr);
            int panel = jr * kc;
            if (w <= L) {
                if (mr == MR && w == L) {
                    kernel1Direct(kc, a, aRow, lda, mr, bp, panel, c, cRow + jr, ldc, add);
                } else {
                    loadTile(c, cRow + jr, ldc, add, mr, w, tile, L);
                    kernel1Direct(kc, a, aRow, lda, mr, bp, panel, tile, 0, L, add);
                    storeTile(tile, L, mr, w, c, cRow + jr, ldc);
                }
            } else if (mr == MR && w == NR) {
                kernel3Direct(kc, a, aRow, lda, mr, bp, panel, c, cRow + jr, ldc, add);
            } else {
                loadTile(c, cRow + jr, ldc, add, mr, w, tile, NR);
                kernel3Direct(kc, a, aRow, lda, mr, bp, panel, tile, 0, NR, add);
                storeTile(tile, NR, mr, w, c, cRow + jr, ldc);
            }
        }
    }

    /**
     * Packs B[pc..pc+kc)[jc..jc+nc) into consecutive panels, each stored as kc rows of its width:
     * NR wide, except a last panel of at most one vector, which is L wide. Columns past nc are
     * zero. Row p of B starts at {@code bRows[p]} when given, else at {@code bOff + p * ldb}.
     */
    private static void packB(float[] b, int bOff, int ldb, int[] bRows, int pc, int jc, int kc, int nc,
                              float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int w = Math.min(NR, nc - jr);
            int width = w <= L ? L : NR;
            int dst = jr * kc;
            for (int p = 0; p < kc; p++, dst += width) {
                int src = (bRows == null ? bOff + (pc + p) * ldb : bRows[pc + p]) + jc + jr;
                if (w == width) {
                    for (int v = 0; v < width; v += L) {
                        FloatVector.fromArray(S, b, src + v).intoArray(bp, dst + v);
                    }
                } else {
                    System.arraycopy(b, src, bp, dst, w);
                    Arrays.fill(bp, dst + w, dst + width, 0f);
                }
            }
        }
    }

    /** Packs A[0..mr)[0..kc) as kc columns of MR values; rows past mr are zero. */
    private static void packA(float[] a, int off, int lda, int mr, int kc, float[] ap, int apOff) {
        if (mr == MR) {
            // Eight row streams read in step, the panel written in order, rather than row by row
            // with writes striding through the panel (faster: BENCHMARKS.md).
            int r0 = off, r1 = off + lda, r2 = off + 2 * lda, r3 = off + 3 * lda;
            int r4 = off + 4 * lda, r5 = off + 5 * lda, r6 = off + 6 * lda, r7 = off + 7 * lda;
            for (int p = 0; p < kc; p++) {
                int d = apOff + p * MR;
                ap[d] = a[r0 + p];
                ap[d + 1] = a[r1 + p];
                ap[d + 2] = a[r2 + p];
                ap[d + 3] = a[r3 + p];
                ap[d + 4] = a[r4 + p];
                ap[d + 5] = a[r5 + p];
                ap[d + 6] = a[r6 + p];
                ap[d + 7] = a[r7 + p];
            }
            return;
        }
        for (int r = 0; r < mr; r++) {
            int src = off + r * lda;
            for (int p = 0; p < kc; p++) {
                ap[apOff + p * MR + r] = a[src + p];
            }
        }
        for (int r = mr; r < MR; r++) {
            for (int p = 0; p < kc; p++) {
                ap[apOff + p * MR + r] = 0f;
            }
        }
    }

    /**
     * Starts an edge tile from C's values when the product adds onto C, so that an element of C
     * in an edge tile gets the same sequence of roundings as one in a full tile (C, then one FMA
     * per product in order of depth): a sum made apart and added to C at the end would round
     * differently, and which elements fall in edge tiles depends on how a caller splits n.
     */
    private static void loadTile(float[] c, int cOff, int ldc, boolean add, int mr, int w, float[] tile, int ldt) {
        if (add) {
            for (int r = 0; r < mr; r++) {
                System.arraycopy(c, cOff + r * ldc, tile, r * ldt, w);
            }
        }
    }

    /** Copies the valid mr x w corner of an edge tile into C. */
    private static void storeTile(float[] tile, int ldt, int mr, int w, float[] c, int cOff, int ldc) {
        for (int r = 0; r < mr; r++) {
            System.arraycopy(tile, r * ldt, c, cOff + r * ldc, w);
        }
    }

    /**
     * The MR x (3 vectors) micro-kernel: {@code out = A~ B} or {@code out += A~ B} over kc
     * rank-1 updates, A~ a packed panel ({@link #packA}) and row p of B the 3 vectors at
     * {@code b[bRows[row0 + p] + col]}: either a packed B panel ({@link #PANEL_ROWS}) or B read
     * in place (a padded input and its shifted taps, where packing would copy k x n values for
     * m / MR uses each, a large share when m is small).
     *
     * <p>Unrolled by hand and free of helper calls on purpose: the 24 accumulators must be locals
     * for C2 to keep them in registers, and a helper method taking vectors would hit C2's
     * inlining node budget (NodeCountInliningCutoff, observed on JDK 17) and box its arguments
     * on every call. The Vector API methods themselves are force-inlined.
     */
    private static void kernel3Rows(int kc, float[] ap, int aOff, float[] b, int[] bRows, int row0, int col,
                                    float[] out, int oOff, int ldo, boolean add, float[] init, int initOff) {
        int o0 = oOff, o1 = oOff + ldo, o2 = oOff + 2 * ldo, o3 = oOff + 3 * ldo;
        int o4 = oOff + 4 * ldo, o5 = oOff + 5 * ldo, o6 = oOff + 6 * ldo, o7 = oOff + 7 * ldo;
        FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        FloatVector c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
        if (add) {
            c00 = FloatVector.fromArray(S, out, o0);
            c01 = FloatVector.fromArray(S, out, o0 + L);
            c02 = FloatVector.fromArray(S, out, o0 + 2 * L);
            c10 = FloatVector.fromArray(S, out, o1);
            c11 = FloatVector.fromArray(S, out, o1 + L);
            c12 = FloatVector.fromArray(S, out, o1 + 2 * L);
            c20 = FloatVector.fromArray(S, out, o2);
            c21 = FloatVector.fromArray(S, out, o2 + L);
            c22 = FloatVector.fromArray(S, out, o2 + 2 * L);
            c30 = FloatVector.fromArray(S, out, o3);
            c31 = FloatVector.fromArray(S, out, o3 + L);
            c32 = FloatVector.fromArray(S, out, o3 + 2 * L);
            c40 = FloatVector.fromArray(S, out, o4);
            c41 = FloatVector.fromArray(S, out, o4 + L);
            c42 = FloatVector.fromArray(S, out, o4 + 2 * L);
            c50 = FloatVector.fromArray(S, out, o5);
            c51 = FloatVector.fromArray(S, out, o5 + L);
            c52 = FloatVector.fromArray(S, out, o5 + 2 * L);
            c60 = FloatVector.fromArray(S, out, o6);
            c61 = FloatVector.fromArray(S, out, o6 + L);
            c62 = FloatVector.fromArray(S, out, o6 + 2 * L);
            c70 = FloatVector.fromArray(S, out, o7);
            c71 = FloatVector.fromArray(S, out, o7 + L);
            c72 = FloatVector.fromArray(S, out, o7 + 2 * L);
        } else if (init != null) {
            // Each row starts from its bias: the layer's bias costs no pass of its own.
            c00 = FloatVector.broadcast(S, init[initOff]);
            c01 = c00; c02 = c00;
            c10 = FloatVector.broadcast(S, init[initOff + 1]);
            c11 = c10; c12 = c10;
            c20 = FloatVector.broadcast(S, init[initOff + 2]);
            c21 = c20; c22 = c20;
            c30 = FloatVector.broadcast(S, init[initOff + 3]);
            c31 = c30; c32 = c30;
            c40 = FloatVector.broadcast(S, init[initOff + 4]);
            c41 = c40; c42 = c40;
            c50 = FloatVector.broadcast(S, init[initOff + 5]);
            c51 = c50; c52 = c50;
            c60 = FloatVector.broadcast(S, init[initOff + 6]);
            c61 = c60; c62 = c60;
            c70 = FloatVector.broadcast(S, init[initOff + 7]);
            c71 = c70; c72 = c70;
        } else {
            c00 = FloatVector.zero(S);
            c01 = c00; c02 = c00;
            c10 = c00; c11 = c00; c12 = c00;
            c20 = c00; c21 = c00; c22 = c00;
            c30 = c00; c31 = c00; c32 = c00;
            c40 = c00; c41 = c00; c42 = c00;
            c50 = c00; c51 = c00; c52 = c00;
            c60 = c00; c61 = c00; c62 = c00;
            c70 = c00; c71 = c00; c72 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            int bi = bRows[row0 + p] + col;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            c42 = b2.fma(x, c42);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            c52 = b2.fma(x, c52);
            x = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            c62 = b2.fma(x, c62);
            x = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
            c72 = b2.fma(x, c72);
        }
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + L);
        c02.intoArray(out, o0 + 2 * L);
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + L);
        c12.intoArray(out, o1 + 2 * L);
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + L);
        c22.intoArray(out, o2 + 2 * L);
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + L);
        c32.intoArray(out, o3 + 2 * L);
        c40.intoArray(out, o4);
        c41.intoArray(out, o4 + L);
        c42.intoArray(out, o4 + 2 * L);
        c50.intoArray(out, o5);
        c51.intoArray(out, o5 + L);
        c52.intoArray(out, o5 + 2 * L);
        c60.intoArray(out, o6);
        c61.intoArray(out, o6 + L);
        c62.intoArray(out, o6 + 2 * L);
        c70.intoArray(out, o7);
        c71.intoArray(out, o7 + L);
        c72.intoArray(out, o7 + 2 * L);
    }

    /** The MR x (1 vector) micro-kernel for a last panel at most one vector wide; see kernel3Rows. */
    private static void kernel1(int kc, float[] ap, int aOff, float[] bp, int bOff,
                                float[] out, int oOff, int ldo, boolean add, float[] init, int initOff) {
        int o0 = oOff, o1 = oOff + ldo, o2 = oOff + 2 * ldo, o3 = oOff + 3 * ldo;
        int o4 = oOff + 4 * ldo, o5 = oOff + 5 * ldo, o6 = oOff + 6 * ldo, o7 = oOff + 7 * ldo;
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7;
        if (add) {
            c0 = FloatVector.fromArray(S, out, o0);
            c1 = FloatVector.fromArray(S, out, o1);
            c2 = FloatVector.fromArray(S, out, o2);
            c3 = FloatVector.fromArray(S, out, o3);
            c4 = FloatVector.fromArray(S, out, o4);
            c5 = FloatVector.fromArray(S, out, o5);
            c6 = FloatVector.fromArray(S, out, o6);
            c7 = FloatVector.fromArray(S, out, o7);
        } else if (init != null) {
            c0 = FloatVector.broadcast(S, init[initOff]);
            c1 = FloatVector.broadcast(S, init[initOff + 1]);
            c2 = FloatVector.broadcast(S, init[initOff + 2]);
            c3 = FloatVector.broadcast(S, init[initOff + 3]);
            c4 = FloatVector.broadcast(S, init[initOff + 4]);
            c5 = FloatVector.broadcast(S, init[initOff + 5]);
            c6 = FloatVector.broadcast(S, init[initOff + 6]);
            c7 = FloatVector.broadcast(S, init[initOff + 7]);
        } else {
            c0 = FloatVector.zero(S);
            c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0;
        }
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bOff + p * L);
            c0 = b0.fma(FloatVector.broadcast(S, ap[ai]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, ap[ai + 1]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, ap[ai + 2]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, ap[ai + 3]), c3);
            c4 = b0.fma(FloatVector.broadcast(S, ap[ai + 4]), c4);
            c5 = b0.fma(FloatVector.broadcast(S, ap[ai + 5]), c5);
            c6 = b0.fma(FloatVector.broadcast(S, ap[ai + 6]), c6);
            c7 = b0.fma(FloatVector.broadcast(S, ap[ai + 7]), c7);
        }
        c0.intoArray(out, o0);
        c1.intoArray(out, o1);
        c2.intoArray(out, o2);
        c3.intoArray(out, o3);
        c4.intoArray(out, o4);
        c5.intoArray(out, o5);
        c6.intoArray(out, o6);
        c7.intoArray(out, o7);
    }

    /**
     * {@link #kernel3Rows} reading A in place (row-major, rows {@code aOff + r*lda}) instead of from
     * a packed panel: for small n, packing A (a scalar transpose of m*k values per call) would
     * cost as much as the product itself.
     */
    private static void kernel3Direct(int kc, float[] a, int aOff, int lda, int mr, float[] bp, int bOff,
                                      float[] out, int oOff, int ldo, boolean add) {
        // Rows past mr repeat row mr-1 (valid memory); their results are discarded.
        int last = mr - 1;
        int r0 = aOff, r1 = aOff + Math.min(1, last) * lda, r2 = aOff + Math.min(2, last) * lda;
        int r3 = aOff + Math.min(3, last) * lda, r4 = aOff + Math.min(4, last) * lda;
        int r5 = aOff + Math.min(5, last) * lda, r6 = aOff + Math.min(6, last) * lda;
        int r7 = aOff + Math.min(7, last) * lda;
        int o0 = oOff, o1 = oOff + ldo, o2 = oOff + 2 * ldo, o3 = oOff + 3 * ldo;
        int o4 = oOff + 4 * ldo, o5 = oOff + 5 * ldo, o6 = oOff + 6 * ldo, o7 = oOff + 7 * ldo;
        FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        FloatVector c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
        if (add) {
            c00 = FloatVector.fromArray(S, out, o0);
            c01 = FloatVector.fromArray(S, out, o0 + L);
            c02 = FloatVector.fromArray(S, out, o0 + 2 * L);
            c10 = FloatVector.fromArray(S, out, o1);
            c11 = FloatVector.fromArray(S, out, o1 + L);
            c12 = FloatVector.fromArray(S, out, o1 + 2 * L);
            c20 = FloatVector.fromArray(S, out, o2);
            c21 = FloatVector.fromArray(S, out, o2 + L);
            c22 = FloatVector.fromArray(S, out, o2 + 2 * L);
            c30 = FloatVector.fromArray(S, out, o3);
            c31 = FloatVector.fromArray(S, out, o3 + L);
            c32 = FloatVector.fromArray(S, out, o3 + 2 * L);
            c40 = FloatVector.fromArray(S, out, o4);
            c41 = FloatVector.fromArray(S, out, o4 + L);
            c42 = FloatVector.fromArray(S, out, o4 + 2 * L);
            c50 = FloatVector.fromArray(S, out, o5);
            c51 = FloatVector.fromArray(S, out, o5 + L);
            c52 = FloatVector.fromArray(S, out, o5 + 2 * L);
            c60 = FloatVector.fromArray(S, out, o6);
            c61 = FloatVector.fromArray(S, out, o6 + L);
            c62 = FloatVector.fromArray(S, out, o6 + 2 * L);
            c70 = FloatVector.fromArray(S, out, o7);
            c71 = FloatVector.fromArray(S, out, o7 + L);
            c72 = FloatVector.fromArray(S, out, o7 + 2 * L);
        } else {
            c00 = FloatVector.zero(S);
            c01 = c00; c02 = c00;
            c10 = c00; c11 = c00; c12 = c00;
            c20 = c00; c21 = c00; c22 = c00;
            c30 = c00; c31 = c00; c32 = c00;
            c40 = c00; c41 = c00; c42 = c00;
            c50 = c00; c51 = c00; c52 = c00;
            c60 = c00; c61 = c00; c62 = c00;
            c70 = c00; c71 = c00; c72 = c00;
        }
        for (int p = 0; p < kc; p++) {
            // Index expressions linear in p let C2 hoist the bounds checks out of the loop.
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[r0 + p]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(S, a[r1 + p]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(S, a[r2 + p]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(S, a[r3 + p]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            x = FloatVector.broadcast(S, a[r4 + p]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            c42 = b2.fma(x, c42);
            x = FloatVector.broadcast(S, a[r5 + p]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            c52 = b2.fma(x, c52);
            x = FloatVector.broadcast(S, a[r6 + p]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            c62 = b2.fma(x, c62);
            x = FloatVector.broadcast(S, a[r7 + p]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
            c72 = b2.fma(x, c72);
        }
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + L);
        c02.intoArray(out, o0 + 2 * L);
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + L);
        c12.intoArray(out, o1 + 2 * L);
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + L);
        c22.intoArray(out, o2 + 2 * L);
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + L);
        c32.intoArray(out, o3 + 2 * L);
        c40.intoArray(out, o4);
        c41.intoArray(out, o4 + L);
        c42.intoArray(out, o4 + 2 * L);
        c50.intoArray(out, o5);
        c51.intoArray(out, o5 + L);
        c52.intoArray(out, o5 + 2 * L);
        c60.intoArray(out, o6);
        c61.intoArray(out, o6 + L);
        c62.intoArray(out, o6 + 2 * L);
        c70.intoArray(out, o7);
        c71.intoArray(out, o7 + L);
        c72.intoArray(out, o7 + 2 * L);
    }


    /** {@link #kernel1} reading A in place; see {@link #kernel3Direct}. */
    private static void kernel1Direct(int kc, float[] a, int aOff, int lda, int mr, float[] bp, int bOff,
                                      float[] out, int oOff, int ldo, boolean add) {
        // Rows past mr repeat row mr-1 (valid memory); their results are discarded.
        int last = mr - 1;
        int r0 = aOff, r1 = aOff + Math.min(1, last) * lda, r2 = aOff + Math.min(2, last) * lda;
        int r3 = aOff + Math.min(3, last) * lda, r4 = aOff + Math.min(4, last) * lda;
        int r5 = aOff + Math.min(5, last) * lda, r6 = aOff + Math.min(6, last) * lda;
        int r7 = aOff + Math.min(7, last) * lda;
        int o0 = oOff, o1 = oOff + ldo, o2 = oOff + 2 * ldo, o3 = oOff + 3 * ldo;
        int o4 = oOff + 4 * ldo, o5 = oOff + 5 * ldo, o6 = oOff + 6 * ldo, o7 = oOff + 7 * ldo;
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7;
        if (add) {
            c0 = FloatVector.fromArray(S, out, o0);
            c1 = FloatVector.fromArray(S, out, o1);
            c2 = FloatVector.fromArray(S, out, o2);
            c3 = FloatVector.fromArray(S, out, o3);
            c4 = FloatVector.fromArray(S, out, o4);
            c5 = FloatVector.fromArray(S, out, o5);
            c6 = FloatVector.fromArray(S, out, o6);
            c7 = FloatVector.fromArray(S, out, o7);
        } else {
            c0 = FloatVector.zero(S);
            c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0;
        }
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bOff + p * L);
            c0 = b0.fma(FloatVector.broadcast(S, a[r0 + p]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, a[r1 + p]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, a[r2 + p]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, a[r3 + p]), c3);
            c4 = b0.fma(FloatVector.broadcast(S, a[r4 + p]), c4);
            c5 = b0.fma(FloatVector.broadcast(S, a[r5 + p]), c5);
            c6 = b0.fma(FloatVector.broadcast(S, a[r6 + p]), c6);
            c7 = b0.fma(FloatVector.broadcast(S, a[r7 + p]), c7);
        }
        c0.intoArray(out, o0);
        c1.intoArray(out, o1);
        c2.intoArray(out, o2);
        c3.intoArray(out, o3);
        c4.intoArray(out, o4);
        c5.intoArray(out, o5);
        c6.intoArray(out, o6);
        c7.intoArray(out, o7);
    }
}
