package dev.convstream.kernel;

import dev.convstream.check.Require;
import dev.convstream.spec.PaddingMode;
import java.util.Arrays;

/**
 * The scatter of a zero-padded transposed convolution seen per stride phase, precomputed once
 * per geometry for {@link TransposedScatter}.
 *
 * <p>Tap {@code ky} of input row {@code iy} lands on output row
 * {@code iy*strideH + ky*dilationH - padTop = strideH*(iy + shift) + phase}, with
 * {@code phase = floorMod(ky*dilationH - padTop, strideH)} and
 * {@code shift = floorDiv(ky*dilationH - padTop, strideH)}: every tap writes one row phase
 * only, its input rows in order, shifted by {@code shift}; likewise along x. So the output
 * splits into {@code strideH*strideW} phase planes (plane {@code (py, px)} holds outputs
 * {@code (strideH*qy + py, strideW*qx + px)}), and each tap adds its whole column-matrix row,
 * an input-sized plane, onto one of them at a fixed 2D shift.
 *
 * <p>When no phase plane is wider than the input ({@link #flat()}: e.g. every "exact" 2x
 * upsampling, {@code k = 2s, p = s/2}), a phase plane is stored with the input's row length,
 * and then that 2D shift is one flat shift of the whole plane: a single contiguous run per tap,
 * whose only exceptions (values that would wrap into the neighbouring row, rows outside the
 * plane) are cleared by a per-shift bit mask ({@code -1} keeps a value, {@code 0} drops it).
 *
 * <p>Immutable (its arrays are never written after construction), so one plan serves any
 * number of threads.
 */
public final class PhasePlan {
    /** Phase planes are padded to a multiple of this many floats (any vector length up to 2048 bits). */
    static final int ROUND = 64;

    private final ConvGeometry geometry;
    private final boolean flat;
    /** Rows of every phase plane ({@code ceil(imageH / strideH)}); row length is gridW. */
    final int phaseRows;
    /** Floats per phase plane, a multiple of {@link #ROUND}. */
    final int planeSize;
    /** Per tap {@code (ky, kx)} in column-matrix row order: its phase plane, py*strideW + px. */
    final int[] tapPhase;
    /** Per tap: phase-plane index i reads column-plane index {@code i + tapDelta}. */
    final int[] tapDelta;
    /** Phase plane {@code ph} owns taps {@code phaseTaps[phaseStart[ph] .. phaseStart[ph+1])}. */
    final int[] phaseStart;
    final int[] phaseTaps;
    /** Per tap: where its mask starts in {@link #masks} ({@link #planeSize} ints). */
    final int[] tapMask;
    final int[] masks;
    private final int marginBefore;
    private final int marginAfter;

    /**
     * @param geometry image = the transposed convolution's output plane, grid = its input plane;
     *     zero padding (the only mode a transposed convolution has)
     */
    public PhasePlan(ConvGeometry geometry) {
        Require.notNull("geometry", geometry);
        if (geometry.mode() != PaddingMode.ZEROS) {
            throw new IllegalArgumentException("phase plans need zero padding, found " + geometry.mode());
        }
        this.geometry = geometry;
        int sh = geometry.strideH();
        int sw = geometry.strideW();
        int gridW = geometry.gridW();
        int gridH = geometry.gridH();
        phaseRows = (geometry.imageH() + sh - 1) / sh;
        flat = (geometry.imageW() + sw - 1) / sw <= gridW;
        if (!flat) {
            planeSize = 0;
            tapPhase = tapDelta = tapMask = masks = phaseStart = phaseTaps = new int[0];
            marginBefore = marginAfter = 0;
            return;
        }
        planeSize = (phaseRows * gridW + ROUND - 1) / ROUND * ROUND;
        int taps = geometry.taps();
        tapPhase = new int[taps];
        tapDelta = new int[taps];
        tapMask = new int[taps];
        // One mask per distinct (shiftY, shiftX); kernels with k <= 2s have at most 9.
        int[][] shifts = new int[taps][];
        int distinct = 0;
        int minDelta = 0;
        int maxDelta = 0;
        for (int ky = 0; ky < geometry.kernelH(); ky++) {
            int atY = ky * geometry.dilationH() - geometry.padTop();
            int py = Math.floorMod(atY, sh);
            int shiftY = Math.floorDiv(atY, sh);
            for (int kx = 0; kx < geometry.kernelW(); kx++) {
                int atX = kx * geometry.dilationW() - geometry.padLeft();
                int px = Math.floorMod(atX, sw);
                int shiftX = Math.floorDiv(atX, sw);
                int t = ky * geometry.kernelW() + kx;
                tapPhase[t] = py * sw + px;
                tapDelta[t] = -(shiftY * gridW + shiftX);
                minDelta = Math.min(minDelta, tapDelta[t]);
                maxDelta = Math.max(maxDelta, tapDelta[t]);
                int same = -1;
                for (int d = 0; d < distinct; d++) {
                    if (shifts[d][0] == shiftY && shifts[d][1] == shiftX) {
                        same = d;
                    }
                }
                if (same < 0) {
                    same = distinct;
                    shifts[distinct++] = new int[] {shiftY, shiftX};
                }
                tapMask[t] = same * planeSize;
            }
        }
        phaseStart = new int[sh * sw + 1];
        phaseTaps = new int[taps];
        for (int ph = 0, n = 0; ph < sh * sw; ph++) {
            phaseStart[ph] = n;
            for (int t = 0; t < taps; t++) {
                if (tapPhase[t] == ph) {
                    phaseTaps[n++] = t;
                }
            }
            phaseStart[ph + 1] = n;
        }
        masks = new int[distinct * planeSize];
        for (int d = 0; d < distinct; d++) {
            int from = d * planeSize;
            for (int qy = 0; qy < phaseRows; qy++) {
                int iy = qy - shifts[d][0];
                if (iy < 0 || iy >= gridH) {
                    continue;
                }
                int lo = Math.max(0, shifts[d][1]);
                int hi = Math.min(gridW, gridW + shifts[d][1]);
                if (lo < hi) {
                    Arrays.fill(masks, from + qy * gridW + lo, from + qy * gridW + hi, -1);
                }
            }
        }
        // A tap's run reads column-plane indices [delta, planeSize + delta) of its plane.
        marginBefore = Math.max(0, -minDelta);
        marginAfter = Math.max(0, planeSize + maxDelta - geometry.gridSize());
    }

    public ConvGeometry geometry() {
        return geometry;
    }

    /** Whether phase planes fit the input's row length, the case the flat runs need. */
    public boolean flat() {
        return flat;
    }

    /**
     * Floats before the column matrix that a scatter may read (they never reach the result):
     * the caller places the matrix at least this far into its array.
     */
    public int marginBefore() {
        return marginBefore;
    }

    /** As {@link #marginBefore()}, after the end of the column matrix. */
    public int marginAfter() {
        return marginAfter;
    }

    /** Floats of scratch a scatter needs ({@code strideH*strideW} phase planes; 0 unless flat). */
    public int workSize() {
        return geometry.strideH() * geometry.strideW() * planeSize;
    }
}
