package dev.convstream.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Depthwise} on the Vector API, vectorised along the output row when the horizontal
 * stride is 1 (the common case, and the only one for 1D causal audio convolution): each output
 * vector is {@code bias + sum_taps w * (input vector at the tap's offset)}, FMA per tap, blocked
 * {@value #BLOCK} vectors wide so that each broadcast weight feeds several independent FMAs.
 *
 * <p>The row tail is not masked (masked stores are not intrinsified on JDK 17 and allocate): the
 * last full vector of the row is recomputed ending at the row's end; it overlaps outputs already
 * written with identical values. Rows shorter than one vector, and horizontal strides above 1
 * (gathers would be needed), go through the plain-Java kernel.
 */
final class VectorDepthwise implements Depthwise {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Output vectors per block: 4 accumulators cover the FMA latency (4 cycles) at one FMA per
     * cycle and leave registers for the input vectors on AVX2's 16 registers.
     */
    static final int BLOCK = 4;

    private final Depthwise fallback = new ScalarDepthwise();

    @Override
    public void correlate(float[] in, int inOff, int inH, int inW, float[] kernel, int kOff, int kh, int kw,
                          int sh, int sw, int dh, int dw, float[] out, int outOff, int outH, int outW,
                          float bias) {
        if (sw != 1 || outW < L) {
            fallback.correlate(in, inOff, inH, inW, kernel, kOff, kh, kw, sh, sw, dh, dw,
                    out, outOff, outH, outW, bias);
            return;
        }
        if ((outH - 1) * sh + (kh - 1) * dh >= inH || (outW - 1) + (kw - 1) * dw >= inW) {
            throw new IllegalArgumentException("depthwise output " + outH + "x" + outW
                    + " reads past the padded input " + inH + "x" + inW);
        }
        int taps = kh * kw;
        // From the last tap of a kernel row to the first tap of the next.
        int rowStep = dh * inW - kw * dw;
        int blockEnd = outW - BLOCK * L;
        int last = outW - L;
        if (blockEnd < 0) {
            narrow(in, inOff, inW, kernel, kOff, taps, kw, sh, dw, rowStep, out, outOff, outH, outW, bias);
            return;
        }
        for (int oy = 0; oy < outH; oy++) {
            int o = outOff + oy * outW;
            int rowBase = inOff + oy * sh * inW;
            int ox = 0;
            for (; ox <= blockEnd; ox += BLOCK * L) {
                block4(in, rowBase + ox, L, kernel, kOff, taps, kw, dw, rowStep, out, o + ox, L, bias);
            }
            // Single vectors, the last one pulled back to end exactly at outW.
            while (ox < outW) {
                int at = Math.min(ox, last);
                block1(in, rowBase + at, kernel, kOff, taps, kw, dw, rowStep, out, o + at, bias);
                ox = at + L;
            }
        }
    }

    /**
     * Whether {@link VectorDepthwise3x3} is used: from JDK 25 on. On JDK 17, C2 left its Vector
     * API calls unintrinsified for good in some full test runs (every vector boxed, depending on
     * compile timing; never in isolated runs, never on JDK 25). The generic kernel has no such
     * record, so JDK 17 keeps it. Measurements in BENCHMARKS.md.
     */
    static final boolean IN_PLACE_3X3 = Runtime.version().feature() >= 25;

    /** 3x3 stride 1 (any dilation) rows of at least one vector, from JDK 25 ({@link #IN_PLACE_3X3}). */
    @Override
    public boolean readsUnpadded(int kh, int kw, int sh, int sw, int outW) {
        return IN_PLACE_3X3 && VectorDepthwise3x3.applies(kh, kw, sh, sw, outW);
    }

    @Override
    public void correlateZeroPadded(float[] in, int inOff, int h, int w, int top, int left,
                                    float[] kernel, int kOff, int kh, int kw, int sh, int sw, int dh, int dw,
                                    float[] out, int outOff, int outH, int outW, float bias, float[] scratch) {
        if (!readsUnpadded(kh, kw, sh, sw, outW)) {
            Depthwise.super.correlateZeroPadded(in, inOff, h, w, top, left, kernel, kOff, kh, kw, sh, sw, dh, dw,
                    out, outOff, outH, outW, bias, scratch);
            return;
        }
        if (top < 0 || left < 0) {
            throw new IllegalArgumentException("zero padding must be >= 0, found top " + top + " and left " + left);
        }
        if (dh < 1 || dw < 1) {
            throw new IllegalArgumentException("dilation must be >= 1, found " + dh + "x" + dw);
        }
        int need = VectorDepthwise3x3.scratchFloats(outW, dw);
        if (scratch.length < need) {
            throw new IllegalArgumentException("depthwise scratch has " + scratch.length + " floats, needs " + need);
        }
        VectorDepthwise3x3.correlate(in, inOff, h, w, top, left, kernel, kOff, dh, dw,
                out, outOff, outH, outW, bias, scratch);
    }

    /**
     * Rows narrower than BLOCK vectors (e.g. 56-wide feature maps): one vector-wide column at a
     * time, blocked over BLOCK output rows, so the block still has BLOCK independent FMA chains
     * (one vector per row would leave a single chain, latency-bound on the FMA).
     */
    private static void narrow(float[] in, int inOff, int inW, float[] kernel, int kOff, int taps, int kw, int sh,
                               int dw, int rowStep, float[] out, int outOff, int outH, int outW, float bias) {
        int last = outW - L;
        int inRow = sh * inW;
        for (int ox = 0; ox < outW; ox += L) {
            int at = Math.min(ox, last);
            int oy = 0;
            for (; oy + 2 * BLOCK <= outH; oy += 2 * BLOCK) {
                block8(in, inOff + oy * inRow + at, inRow, kernel, kOff, taps, kw, dw, rowStep,
                        out, outOff + oy * outW + at, outW, bias);
            }
            for (; oy + BLOCK <= outH; oy += BLOCK) {
                block4(in, inOff + oy * inRow + at, inRow, kernel, kOff, taps, kw, dw, rowStep,
                        out, outOff + oy * outW + at, outW, bias);
            }
            for (; oy < outH; oy++) {
                block1(in, inOff + oy * inRow + at, kernel, kOff, taps, kw, dw, rowStep, out, outOff + oy * outW + at,
                        bias);
            }
            if (at == last) {
                break;
            }
        }
    }

    /**
     * BLOCK output vectors starting at {@code out[o]}, {@code os} apart, whose first taps read
     * {@code in[i]}, {@code is} apart (along a row: both L; down a column: a row of each). The
     * taps are one flat loop (not ky, kx loops) because C2 on JDK 17 kept the accumulators boxed,
     * allocating on every FMA, when they were carried through two nested loops; for the same
     * reason vectors never cross a method boundary here.
     */
    private static void block4(float[] in, int i, int is, float[] kernel, int kOff, int taps, int kw, int dw,
                               int rowStep, float[] out, int o, int os, float bias) {
        FloatVector a0 = FloatVector.broadcast(S, bias);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int kx = 0;
        for (int t = 0; t < taps; t++) {
            FloatVector w = FloatVector.broadcast(S, kernel[kOff + t]);
            a0 = FloatVector.fromArray(S, in, i).fma(w, a0);
            a1 = FloatVector.fromArray(S, in, i + is).fma(w, a1);
            a2 = FloatVector.fromArray(S, in, i + 2 * is).fma(w, a2);
            a3 = FloatVector.fromArray(S, in, i + 3 * is).fma(w, a3);
            i += dw;
            if (++kx == kw) {
                kx = 0;
                i += rowStep;
            }
        }
        a0.intoArray(out, o);
        a1.intoArray(out, o + os);
        a2.intoArray(out, o + 2 * os);
        a3.intoArray(out, o + 3 * os);
    }

    /**
     * {@link #block4} with 8 chains, for the narrow path: 8 independent FMAs per tap cover the
     * FMA latency (4 cycles) on two FMA pipes; AVX-512's 32 registers hold them.
     */
    private static void block8(float[] in, int i, int is, float[] kernel, int kOff, int taps, int kw, int dw,
                               int rowStep, float[] out, int o, int os, float bias) {
        FloatVector a0 = FloatVector.broadcast(S, bias);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        int kx = 0;
        for (int t = 0; t < taps; t++) {
            FloatVector w = FloatVector.broadcast(S, kernel[kOff + t]);
            a0 = FloatVector.fromArray(S, in, i).fma(w, a0);
            a1 = FloatVector.fromArray(S, in, i + is).fma(w, a1);
            a2 = FloatVector.fromArray(S, in, i + 2 * is).fma(w, a2);
            a3 = FloatVector.fromArray(S, in, i + 3 * is).fma(w, a3);
            a4 = FloatVector.fromArray(S, in, i + 4 * is).fma(w, a4);
            a5 = FloatVector.fromArray(S, in, i + 5 * is).fma(w, a5);
            a6 = FloatVector.fromArray(S, in, i + 6 * is).fma(w, a6);
            a7 = FloatVector.fromArray(S, in, i + 7 * is).fma(w, a7);
            i += dw;
            if (++kx == kw) {
                kx = 0;
                i += rowStep;
            }
        }
        a0.intoArray(out, o);
        a1.intoArray(out, o + os);
        a2.intoArray(out, o + 2 * os);
        a3.intoArray(out, o + 3 * os);
        a4.intoArray(out, o + 4 * os);
        a5.intoArray(out, o + 5 * os);
        a6.intoArray(out, o + 6 * os);
        a7.intoArray(out, o + 7 * os);
    }

    /** One output vector; see {@link #block4}. */
    private static void block1(float[] in, int i, float[] kernel, int kOff, int taps, int kw, int dw, int rowStep,
                               float[] out, int o, float bias) {
        FloatVector a = FloatVector.broadcast(S, bias);
        int kx = 0;
        for (int t = 0; t < taps; t++) {
            a = FloatVector.fromArray(S, in, i).fma(FloatVector.broadcast(S, kernel[kOff + t]), a);
            i += dw;
            if (++kx == kw) {
                kx = 0;
                i += rowStep;
            }
        }
        a.intoArray(out, o);
    }
}
