package dev.convstream.layer;

import dev.convstream.spec.ConvTranspose2dSpec;

/**
 * A transposed convolution seen as {@code strideH * strideW} plain correlations, one per output
 * phase (the sub-pixel decomposition). Tap {@code (ky, kx)} of input {@code (iy, ix)} lands on
 * output row {@code iy*strideH + ky*dilationH - padTop = strideH*(iy + shiftY) + py} with
 * {@code py = floorMod(ky*dilationH - padTop, strideH)} and
 * {@code shiftY = floorDiv(ky*dilationH - padTop, strideH)}; likewise along x. So phase plane
 * {@code (py, px)}, the outputs {@code (strideH*qy + py, strideW*qx + px)}, is the sum over its
 * own taps of the input shifted by {@code (shiftY, shiftX)}:
 * {@code phase[qy][qx] = sum w[ky][kx] * x[qy - shiftY][qx - shiftX]}. Every output is written
 * once, by a GEMM over the phase's taps, instead of being accumulated by a col2im scatter.
 *
 * <p>Depends on the spec only (the input size enters through {@link SubPixelLayout}). Immutable.
 */
final class SubPixelPhases {
    final int strideH;
    final int strideW;
    /** Taps of phase {@code ph = py*strideW + px}: {@code tapsOf[phaseStart[ph] .. phaseStart[ph+1])}. */
    final int[] phaseStart;
    /** Tap indices {@code ky*kernelW + kx}, grouped by phase, in row-major order within a phase. */
    final int[] tapsOf;
    /** Per tap index: the input row shift of its phase plane (see the class comment). */
    final int[] shiftY;
    /** Per tap index: the input column shift. */
    final int[] shiftX;

    SubPixelPhases(ConvTranspose2dSpec spec) {
        strideH = spec.strideH();
        strideW = spec.strideW();
        int kh = spec.kernelH();
        int kw = spec.kernelW();
        int[] phaseOf = new int[kh * kw];
        shiftY = new int[kh * kw];
        shiftX = new int[kh * kw];
        for (int ky = 0; ky < kh; ky++) {
            int atY = ky * spec.dilationH() - spec.paddingH().before();
            for (int kx = 0; kx < kw; kx++) {
                int atX = kx * spec.dilationW() - spec.paddingW().before();
                int t = ky * kw + kx;
                phaseOf[t] = Math.floorMod(atY, strideH) * strideW + Math.floorMod(atX, strideW);
                shiftY[t] = Math.floorDiv(atY, strideH);
                shiftX[t] = Math.floorDiv(atX, strideW);
            }
        }
        int phases = strideH * strideW;
        phaseStart = new int[phases + 1];
        tapsOf = new int[kh * kw];
        for (int ph = 0, n = 0; ph < phases; ph++) {
            phaseStart[ph] = n;
            for (int t = 0; t < kh * kw; t++) {
                if (phaseOf[t] == ph) {
                    tapsOf[n++] = t;
                }
            }
            phaseStart[ph + 1] = n;
        }
    }

    int phases() {
        return strideH * strideW;
    }

    /** Taps of phase {@code ph}. */
    int taps(int ph) {
        return phaseStart[ph + 1] - phaseStart[ph];
    }

    /**
     * Whether every phase has a tap. Otherwise (a kernel smaller than the stride) some outputs
     * are bias only, and the scatter path, whose column matrix is then smaller than the phase
     * planes, does less work.
     */
    boolean everyPhaseHasTaps() {
        for (int ph = 0; ph < phases(); ph++) {
            if (taps(ph) == 0) {
                return false;
            }
        }
        return true;
    }
}
