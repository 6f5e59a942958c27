package dev.convstream.layer;

import dev.convstream.kernel.PhasePlanes;
import java.util.Arrays;

/**
 * Where the {@link SubPixelPhases} of one input size read and write. The input is copied into
 * zero-padded planes whose rows have {@link #pitch} floats, so that the input shifted by a
 * tap's {@code (shiftY, shiftX)} is one contiguous run starting {@link #tapStart} floats into
 * its channel's plane: the GEMM reads B in place by row starts, as {@code Conv2d}'s shifted path
 * does. A phase plane is computed {@code pitch} wide; its columns past the phase's width are
 * never read back.
 *
 * <p>Each part of a call pads the rows it reads into its own thread's buffer, so that no thread
 * reads lines another has just written (a copy padded by the caller would move to the helper's
 * cache on every call).
 *
 * <p>Reads left of a row land on the previous row's zero tail, so one tail of
 * {@code max(padLeft, padRight)} serves both sides; {@link #lead} zeros before the first plane
 * and {@link #trail} floats after the last keep every run inside the copy. Immutable.
 */
final class SubPixelLayout {
    final int inH;
    final int inW;
    final int outH;
    final int outW;
    /** Floats per row of the padded copy and of a phase plane. */
    final int pitch;
    /** Zero rows above the input in its padded plane. */
    final int padTop;
    /** Floats per channel of the padded copy. */
    final int plane;
    /** Rows per channel of the padded copy. */
    final int planeRows;
    /** The largest and smallest row shift of any tap: phase row qy reads padded rows {@code qy + padTop - shift}. */
    final int maxShiftY;
    final int minShiftY;
    /** Zero floats before the first plane. */
    final int lead;
    /** Floats after the last plane that runs of garbage columns may read. */
    final int trail;
    /** Rows of each row phase {@code py}. */
    final int[] phaseRows;
    /** Columns of each column phase {@code px}. */
    final int[] phaseCols;
    /** Rows of the tallest phase: phase planes are this many rows apart in the scratch. */
    final int maxRows;
    /** Per tap index: where its shifted input starts, relative to its channel's plane. */
    final int[] tapStart;
    /**
     * The staged phase planes: per output channel, every phase's plane of {@link #maxRows}
     * rows of {@link #pitch}, one after the other.
     */
    final PhasePlanes staged;

    SubPixelLayout(SubPixelPhases phases, int inH, int inW, int outH, int outW) {
        this.inH = inH;
        this.inW = inW;
        this.outH = outH;
        this.outW = outW;
        int sh = phases.strideH;
        int sw = phases.strideW;
        phaseRows = new int[sh];
        phaseCols = new int[sw];
        for (int py = 0; py < sh; py++) {
            phaseRows[py] = ceilDiv(Math.max(0, outH - py), sh);
        }
        for (int px = 0; px < sw; px++) {
            phaseCols[px] = ceilDiv(Math.max(0, outW - px), sw);
        }
        maxRows = phaseRows[0];
        // Rows and columns of zeros each phase's valid outputs read beyond the input.
        int top = 0;
        int bottom = 0;
        int left = 0;
        int right = 0;
        for (int ph = 0; ph < phases.phases(); ph++) {
            int rows = phaseRows[ph / sw];
            int cols = phaseCols[ph % sw];
            if (rows == 0 || cols == 0) {
                continue;
            }
            for (int i = phases.phaseStart[ph]; i < phases.phaseStart[ph + 1]; i++) {
                int t = phases.tapsOf[i];
                top = Math.max(top, phases.shiftY[t]);
                bottom = Math.max(bottom, rows - phases.shiftY[t] - inH);
                left = Math.max(left, phases.shiftX[t]);
                right = Math.max(right, cols - phases.shiftX[t] - inW);
            }
        }
        padTop = top;
        pitch = Math.max(inW + Math.max(left, right), phaseCols[0]);
        planeRows = top + inH + bottom;
        plane = planeRows * pitch;
        int most = Integer.MIN_VALUE;
        int least = Integer.MAX_VALUE;
        for (int t : phases.tapsOf) {
            most = Math.max(most, phases.shiftY[t]);
            least = Math.min(least, phases.shiftY[t]);
        }
        maxShiftY = most;
        minShiftY = least;
        tapStart = new int[phases.shiftY.length];
        long first = 0;
        long last = plane;
        for (int ph = 0; ph < phases.phases(); ph++) {
            for (int i = phases.phaseStart[ph]; i < phases.phaseStart[ph + 1]; i++) {
                int t = phases.tapsOf[i];
                tapStart[t] = (top - phases.shiftY[t]) * pitch - phases.shiftX[t];
                first = Math.min(first, tapStart[t]);
                last = Math.max(last, tapStart[t] + (long) phaseRows[ph / sw] * pitch);
            }
        }
        lead = (int) -first;
        trail = (int) (last - plane);
        staged = new PhasePlanes(sh, sw, outH, outW, pitch, maxRows * pitch, phases.phases() * maxRows * pitch);
    }

    /** Floats of one phase plane in the scratch (the tallest phase's rows times the pitch). */
    int phasePlane() {
        return staged.phaseStride();
    }

    /** Floats of the padded copy of {@code planes} input planes, margins included. */
    int copySize(int planes) {
        return lead + planes * plane + trail;
    }

    /**
     * Copies rows {@code [rowFrom, rowTo)} of the padded planes of {@code planes} input planes of
     * {@code inH x inW} into {@code copy} as laid out above: input rows with their zero tails,
     * zero rows above and below the input; the leading and trailing margins, and the tail of
     * every plane's last row (which a read left of the next plane's first row lands on), are
     * cleared too. Rows outside the range are left as they are.
     */
    void pad(float[] x, int planes, float[] copy, int rowFrom, int rowTo) {
        Arrays.fill(copy, 0, lead, 0f);
        int inPlane = inH * inW;
        int inFrom = Math.max(rowFrom, padTop);
        int inTo = Math.min(rowTo, padTop + inH);
        for (int p = 0; p < planes; p++) {
            int base = lead + p * plane;
            Arrays.fill(copy, base + plane - pitch + inW, base + plane, 0f);
            if (inFrom >= inTo) {
                Arrays.fill(copy, base + rowFrom * pitch, base + rowTo * pitch, 0f);
                continue;
            }
            Arrays.fill(copy, base + rowFrom * pitch, base + inFrom * pitch, 0f);
            for (int r = inFrom; r < inTo; r++) {
                int row = base + r * pitch;
                System.arraycopy(x, p * inPlane + (r - padTop) * inW, copy, row, inW);
                Arrays.fill(copy, row + inW, row + pitch, 0f);
            }
            Arrays.fill(copy, base + inTo * pitch, base + rowTo * pitch, 0f);
        }
        int end = lead + planes * plane;
        Arrays.fill(copy, end, end + trail, 0f);
    }

    /**
     * The padded rows that phase rows {@code [q0, q1)} of any row phase read, widened by one row
     * on each side (a read left of a row lands on the tail of the row above, a read past the
     * last column on the next row), as {@code [from, to)} packed in a long: {@code from << 32 | to}.
     */
    long rowsRead(int q0, int q1) {
        int from = Math.max(0, q0 + padTop - maxShiftY - 1);
        int to = Math.min(planeRows, q1 + padTop - minShiftY + 1);
        return (long) from << 32 | to;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
