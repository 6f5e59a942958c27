package dev.convstream.layer;

import dev.convstream.check.Require;
import dev.convstream.kernel.Gemm;
import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.LineAligned;
import dev.convstream.kernel.PaddedPlanes;
import dev.convstream.kernel.Winograd;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.PaddingMode;

/**
 * {@link Conv2d}'s Winograd path: a dense 3x3, stride-1, undilated, ungrouped convolution as
 * F(4x4, 3x3) ({@link Winograd}). The filters' transforms are packed once, as 36 GEMM operands
 * {@code [Cout x Cin]}. A call walks its tiles (4x4 output blocks, row-major per batch item) in
 * blocks of {@link #blockTiles}: per block, one padded copy of the input rows (and columns) the
 * block needs, the input transform into {@code V [36][Cin][tiles]}, 36 GEMMs into
 * {@code M [36][Cout][tiles]} reading V's rows in place, and the output transform with the bias,
 * written straight into the output with edge tiles cropped. A split call runs one part per block
 * ({@link ConvParallelism#runEach}).
 *
 * <p>Immutable; scratch is the caller's {@link ConvScratch}, so calls of one shape allocate nothing.
 */
final class WinogradConv {

    /**
     * Tiles per block, when the layer does not say: one column panel of the vector GEMM (3 x 16
     * lanes; two panels with 8 lanes), so that its 36 products have no ragged panel. Blocks are
     * not evened out: 196 tiles are 4 x 48 + 4. Measured on a 2-vCPU Xeon (AVX-512, 2 MB L2)
     * against blocks of 96 and 144 and the former two blocks of 98 (BENCHMARKS.md, "Winograd on
     * the Xeon"): a block's V and M (440 KB each) and the filters' transforms (590 KB) then stay in L2.
     */
    static final int DEFAULT_BLOCK_TILES = 48;

    /**
     * The scratch buffer is asked for at least this many floats (4 MB), so that float
     * {@link #ALIGN_SHIFT} of it sits on a 64-byte line (see {@link LineAligned}).
     */
    static final int MIN_BUFFER_FLOATS = LineAligned.MIN_FLOATS;

    /**
     * V and M start this many floats past a multiple of 16 in the buffer, so that a 16-float
     * vector at a multiple of 16 floats from there is on one cache line instead of two (see
     * {@link #MIN_BUFFER_FLOATS}). Split lines cost the transforms' stores and loads 10-15% of the
     * call on the Xeon (BENCHMARKS.md).
     */
    static final int ALIGN_SHIFT = LineAligned.ORIGIN;

    private final int cin;
    private final int cout;
    private final int padTop;
    private final int padLeft;
    private final PaddingMode mode;
    private final float[] bias;
    private final Gemm.PackedMatrix[] transformed;
    private final Kernels kernels;
    private final int blockTiles;

    /** Whether {@code spec} is a convolution this path computes. */
    static boolean applies(Conv2dSpec spec) {
        return spec.kernelH() == 3 && spec.kernelW() == 3 && spec.strideH() == 1 && spec.strideW() == 1
                && spec.dilationH() == 1 && spec.dilationW() == 1 && spec.groups() == 1;
    }

    /**
     * @param weight {@code [Cout][Cin][3][3]}
     * @param bias {@code [Cout]} or null
     */
    WinogradConv(Conv2dSpec spec, float[] weight, float[] bias, Kernels kernels, int blockTiles) {
        if (!applies(spec)) {
            throw new IllegalArgumentException("the Winograd path needs a 3x3 kernel, stride 1, dilation 1 and "
                    + "groups 1: " + spec);
        }
        Require.atLeastOne("blockTiles", blockTiles);
        this.cin = spec.inChannels();
        this.cout = spec.outChannels();
        this.padTop = spec.paddingH().before();
        this.padLeft = spec.paddingW().before();
        this.mode = spec.paddingMode();
        this.bias = bias;
        this.kernels = kernels;
        this.blockTiles = blockTiles;
        float[] u = new float[Winograd.POSITIONS * cout * cin];
        int plane = cout * cin;
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                Winograd.transformFilter(weight, (co * cin + ci) * 9, u, co * cin + ci, plane);
            }
        }
        this.transformed = new Gemm.PackedMatrix[Winograd.POSITIONS];
        for (int k = 0; k < Winograd.POSITIONS; k++) {
            transformed[k] = kernels.gemm().pack(cout, cin, u, k * plane, cin);
        }
    }

    /** How many parts a call of {@code batch} items may be split into: one per block. */
    int splitUnits(int batch, int outH, int outW) {
        return Math.max(1, batch * blocksPerItem(tiles(outH, outW)));
    }

    private int blocksPerItem(int perItem) {
        return (perItem + blockTiles - 1) / blockTiles;
    }

    /** Tiles (4x4 output blocks) of one batch item. */
    static int tiles(int outH, int outW) {
        return ceilTiles(outH) * ceilTiles(outW);
    }

    private static int ceilTiles(int n) {
        return (n + Winograd.TILE - 1) / Winograd.TILE;
    }

    /**
     * Part {@code part} of {@code parts} of a call: a share of all batch items' blocks (each
     * item's tiles in blocks of {@link #blockTiles} from its first tile, the last one shorter).
     */
    void run(int part, int parts, float[] x, int batch, int h, int w, float[] y, int outH, int outW, ConvScratch s) {
        int tilesW = ceilTiles(outW);
        int perItem = tiles(outH, outW);
        int perBlocks = blocksPerItem(perItem);
        int b0 = ConvParallelism.start(part, parts, batch * perBlocks);
        int b1 = ConvParallelism.start(part + 1, parts, batch * perBlocks);
        if (b0 >= b1) {
            return;
        }
        Winograd wino = kernels.winograd();
        int align = wino.tileAlignment();
        int block = Math.min(perItem, blockTiles);
        int ld = (block + align - 1) / align * align;
        // A block spans at most this many tile rows; a block within one tile row copies only its columns.
        int spanRows = Math.min(ceilTiles(outH), (block - 1) / tilesW + 2);
        int bandMax = cin * (Winograd.TILE * spanRows + 2) * (Winograd.TILE * tilesW + 2);
        int vOff = (bandMax + 15) / 16 * 16 + ALIGN_SHIFT;
        int mOff = vOff + Winograd.POSITIONS * cin * ld;
        float[] buffer = s.buffer(Math.max(MIN_BUFFER_FLOATS, mOff + Winograd.POSITIONS * cout * ld));
        float[] transformScratch = s.second(wino.scratchFloats());
        int[] starts = s.tileInts(0, ld);
        int[] outStarts = s.tileInts(1, ld);
        int[] rows = s.tileInts(2, ld);
        int[] cols = s.tileInts(3, ld);
        int[] bRows = s.ints(cin);
        Gemm gemm = kernels.gemm();
        int inPlane = h * w;
        int outPlane = outH * outW;
        for (int bi = b0; bi < b1; bi++) {
            int item = bi / perBlocks;
            int ta = bi % perBlocks * block;
            int tb = Math.min(perItem, ta + block);
            int n = tb - ta;
            // The GEMMs take whole groups of lanes: the columns past n hold the repeated last
            // tile (below), are computed like the others and never written out, and cost less
            // than a ragged panel that the GEMM would pack and crop.
            int width = (n + align - 1) / align * align;
            int tyFirst = ta / tilesW;
            int tyLast = (tb - 1) / tilesW;
            int colFirst = tyFirst == tyLast ? ta % tilesW : 0;
            int colEnd = tyFirst == tyLast ? (tb - 1) % tilesW + 1 : tilesW;
            int bandH = Winograd.TILE * (tyLast - tyFirst) + Winograd.WINDOW;
            int bandW = Winograd.TILE * (colEnd - colFirst) + 2;
            int bandPlane = bandH * bandW;
            PaddedPlanes.copy(cin, x, item * cin * inPlane, h, w, padTop - Winograd.TILE * tyFirst,
                    padLeft - Winograd.TILE * colFirst, bandH, bandW, mode, buffer, 0);
            for (int t = 0; t < ld; t++) {
                // Lanes past the block repeat its last tile: read, computed, never written out.
                int tile = ta + Math.min(t, n - 1);
                int ty = tile / tilesW;
                int tx = tile % tilesW;
                starts[t] = Winograd.TILE * ((ty - tyFirst) * bandW + tx - colFirst);
                outStarts[t] = Winograd.TILE * (ty * outW + tx);
                rows[t] = Math.min(Winograd.TILE, outH - Winograd.TILE * ty);
                cols[t] = Math.min(Winograd.TILE, outW - Winograd.TILE * tx);
            }
            wino.inputTransform(cin, buffer, bandPlane, bandW, starts, n, buffer, vOff, ld, transformScratch);
            for (int k = 0; k < Winograd.POSITIONS; k++) {
                for (int ci = 0; ci < cin; ci++) {
                    bRows[ci] = vOff + (k * cin + ci) * ld;
                }
                gemm.multiply(transformed[k], width, buffer, bRows, buffer, mOff + k * cout * ld, ld, false,
                        s.workspace);
            }
            wino.outputTransform(cout, buffer, mOff, ld, n, bias, 0, y, item * cout * outPlane, outPlane, outW,
                    outStarts, rows, cols, transformScratch);
        }
    }
}
