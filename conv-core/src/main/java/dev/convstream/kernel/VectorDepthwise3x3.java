package dev.convstream.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Zero-padded 3x3 depthwise correlation with stride 1 (any dilation), read straight from the
 * unpadded plane: the MobileNet-style case that the generic {@link VectorDepthwise} on a padded
 * copy serves poorly (a 56-wide row is 3.5 vectors, and copying a plane row by row costs about
 * as much as its arithmetic).
 *
 * <p>No padded copy: every output vector loads its taps straight from the input rows, and the
 * lanes of a load that fall left or right of the input row (they read the neighbouring row or
 * plane) are cleared with a bitwise AND against a lane mask, so whatever they hold, NaN or
 * infinity included, contributes exactly zero. Output rows whose taps reach above or below the
 * input, or whose loads would leave the input array (a plane at its very start or end), have
 * their three input rows staged in caller scratch instead: zero rows, or the row with zero
 * borders.
 *
 * <p>Order: column strips, one vector wide (the last pulled back to end at the row's end;
 * outputs are written, not accumulated, so the overlap rewrites identical values), each strip
 * running down all rows. A strip's lane masks are the same on every row, so they, the 9 weights
 * and the bias are set up once per strip and no branch is left in the row loop (with masks
 * chosen per column inside one loop, C2 compiled it several times slower); the plane stays in
 * L1 across the strips. Without dilation, 4 output rows share their 6 input rows: 18 unaligned
 * loads feed 36 FMAs (one row at a time needs 9 loads per 9 FMAs, and the loads, not the
 * FMAs, would be the limit), and the 4 rows are 4 independent FMA chains. Taps are unrolled by
 * hand, and no vector crosses a method boundary (on JDK 17 that boxes).
 */
final class VectorDepthwise3x3 {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output rows per step of {@link #strip}: they share their input rows. */
    private static final int BLOCK = 4;
    /** Scratch rows: the three input rows of one staged output row. */
    private static final int STAGED = 3;
    /**
     * {@code L} zeros, {@code L} all-ones, {@code L} zeros: loaded at {@code L - n} it keeps
     * lanes {@code >= n}, loaded at {@code 2L - n} it keeps lanes {@code < n}.
     */
    private static final int[] WINDOW = window();

    private VectorDepthwise3x3() {
    }

    private static int[] window() {
        int[] m = new int[3 * L];
        Arrays.fill(m, L, 2 * L, -1);
        return m;
    }

    /** Whether {@link #correlate} serves this shape. */
    static boolean applies(int kh, int kw, int sh, int sw, int outW) {
        return kh == 3 && kw == 3 && sh == 1 && sw == 1 && outW >= L;
    }

    /**
     * Floats of scratch {@link #correlate} needs: three staged rows of {@code outW + 2 dw}, never
     * more than the padded plane ({@code outH + 2 dh >= 3} rows of that width).
     */
    static int scratchFloats(int outW, int dw) {
        return STAGED * (outW + 2 * dw);
    }

    /**
     * {@link Depthwise#correlateZeroPadded} for a shape where {@link #applies} holds, with
     * {@code scratch} of at least {@link #scratchFloats} floats; the caller has checked the rest.
     */
    static void correlate(float[] in, int inOff, int h, int w, int top, int left,
                          float[] kernel, int kOff, int dh, int dw,
                          float[] out, int outOff, int outH, int outW, float bias, float[] scratch) {
        // A row's loads cover `span` floats from inOff + r w - left (see strip's row bases).
        int span = outW + 2 * dw;
        // Output rows [first, end) read input rows only, and only inside the array.
        int first = top;
        if (inOff - left < 0) {
            first = Math.max(first, top + Math.floorDiv(left - inOff + w - 1, w));
        }
        int end = Math.min(outH, h - 2 * dh + top);
        end = Math.min(end, Math.floorDiv(in.length - span - inOff + left, w) - 2 * dh + top + 1);
        first = Math.min(first, outH);
        if (end < first) {
            end = first;
        }
        for (int oy = 0; oy < first; oy++) {
            staged(in, inOff, h, w, top, left, span, oy, kernel, kOff, dh, dw, out, outOff, outW, bias, scratch);
        }
        if (end > first) {
            int base = inOff + (first - top) * w - left;
            int o = outOff + first * outW;
            int last = outW - L;
            for (int x = 0; ; x += L) {
                int at = Math.min(x, last);
                if (dh == 1 && dw == 1) {
                    strip(in, base + at, w, end - first, at, kernel, kOff, w, left, out, o + at, outW, bias);
                } else {
                    stripDilated(in, base + at, w, dh * w, end - first, at, kernel, kOff, dw, w, left,
                            out, o + at, outW, bias);
                }
                if (at == last) {
                    break;
                }
            }
        }
        for (int oy = end; oy < outH; oy++) {
            staged(in, inOff, h, w, top, left, span, oy, kernel, kOff, dh, dw, out, outOff, outW, bias, scratch);
        }
    }

    /** Output row {@code oy} from its three input rows staged in scratch. */
    private static void staged(float[] in, int inOff, int h, int w, int top, int left, int span, int oy,
                               float[] kernel, int kOff, int dh, int dw,
                               float[] out, int outOff, int outW, float bias, float[] scratch) {
        for (int ky = 0; ky < STAGED; ky++) {
            int dst = ky * span;
            Arrays.fill(scratch, dst, dst + span, 0f);
            int r = oy + ky * dh - top;
            if (r >= 0 && r < h) {
                System.arraycopy(in, inOff + r * w, scratch, dst + left, Math.max(0, Math.min(w, span - left)));
            }
        }
        int o = outOff + oy * outW;
        int last = outW - L;
        for (int x = 0; ; x += L) {
            int at = Math.min(x, last);
            // The staged rows sit `span` apart, whatever the dilation.
            if (dw == 1) {
                strip(scratch, at, span, 1, at, kernel, kOff, w, left, out, o + at, outW, bias);
            } else {
                stripDilated(scratch, at, span, span, 1, at, kernel, kOff, dw, w, left, out, o + at, outW, bias);
            }
            if (at == last) {
                break;
            }
        }
    }

    /** {@link #WINDOW} offset keeping the lanes whose input column {@code c + lane} is {@code >= 0}. */
    private static int keepFrom(int c) {
        return L - Math.max(0, Math.min(L, -c));
    }

    /** {@link #WINDOW} offset keeping the lanes whose input column {@code c + lane} is {@code < w}. */
    private static int keepBelow(int c, int w) {
        return 2 * L - Math.max(0, Math.min(L, w - c));
    }

    /**
     * One column strip, no dilation: {@code rows} output vectors at {@code out[o]}, {@code outW}
     * apart, for output column {@code at}; output row {@code i} reads input rows
     * {@code x[base + (i + ky) stride ..]} (tap {@code kx} at {@code + kx}).
     */
    private static void strip(float[] x, int base, int stride, int rows, int at,
                              float[] kernel, int kOff, int w, int left,
                              float[] out, int o, int outW, float bias) {
        // Lane masks of the three taps: input column c + lane must lie in [0, w).
        int c = at - left;
        IntVector m0 = IntVector.fromArray(IS, WINDOW, keepFrom(c)).and(IntVector.fromArray(IS, WINDOW, keepBelow(c, w)));
        IntVector m1 = IntVector.fromArray(IS, WINDOW, keepFrom(c + 1))
                .and(IntVector.fromArray(IS, WINDOW, keepBelow(c + 1, w)));
        IntVector m2 = IntVector.fromArray(IS, WINDOW, keepFrom(c + 2))
                .and(IntVector.fromArray(IS, WINDOW, keepBelow(c + 2, w)));
        FloatVector k00 = FloatVector.broadcast(S, kernel[kOff]);
        FloatVector k01 = FloatVector.broadcast(S, kernel[kOff + 1]);
        FloatVector k02 = FloatVector.broadcast(S, kernel[kOff + 2]);
        FloatVector k10 = FloatVector.broadcast(S, kernel[kOff + 3]);
        FloatVector k11 = FloatVector.broadcast(S, kernel[kOff + 4]);
        FloatVector k12 = FloatVector.broadcast(S, kernel[kOff + 5]);
        FloatVector k20 = FloatVector.broadcast(S, kernel[kOff + 6]);
        FloatVector k21 = FloatVector.broadcast(S, kernel[kOff + 7]);
        FloatVector k22 = FloatVector.broadcast(S, kernel[kOff + 8]);
        FloatVector b = FloatVector.broadcast(S, bias);
        int i = 0;
        for (; i + BLOCK <= rows; i += BLOCK) {
            int r0 = base + i * stride;
            int r1 = r0 + stride;
            int r2 = r1 + stride;
            int r3 = r2 + stride;
            int r4 = r3 + stride;
            int r5 = r4 + stride;
            FloatVector v;
            v = FloatVector.fromArray(S, x, r0).reinterpretAsInts().and(m0).reinterpretAsFloats();
            FloatVector p0 = v.fma(k00, b);
            v = FloatVector.fromArray(S, x, r0 + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
            p0 = v.fma(k01, p0);
            v = FloatVector.fromArray(S, x, r0 + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
            p0 = v.fma(k02, p0);
            v = FloatVector.fromArray(S, x, r1).reinterpretAsInts().and(m0).reinterpretAsFloats();
            p0 = v.fma(k10, p0);
            FloatVector p1 = v.fma(k00, b);
            v = FloatVector.fromArray(S, x, r1 + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
            p0 = v.fma(k11, p0);
            p1 = v.fma(k01, p1);
            v = FloatVector.fromArray(S, x, r1 + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
            p0 = v.fma(k12, p0);
            p1 = v.fma(k02, p1);
            v = FloatVector.fromArray(S, x, r2).reinterpretAsInts().and(m0).reinterpretAsFloats();
            p0 = v.fma(k20, p0);
            p1 = v.fma(k10, p1);
            FloatVector p2 = v.fma(k00, b);
            v = FloatVector.fromArray(S, x, r2 + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
            p0 = v.fma(k21, p0);
            p1 = v.fma(k11, p1);
            p2 = v.fma(k01, p2);
            v = FloatVector.fromArray(S, x, r2 + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
            p0 = v.fma(k22, p0);
            p1 = v.fma(k12, p1);
            p2 = v.fma(k02, p2);
            p0.intoArray(out, o);
            v = FloatVector.fromArray(S, x, r3).reinterpretAsInts().and(m0).reinterpretAsFloats();
            p1 = v.fma(k20, p1);
            p2 = v.fma(k10, p2);
            FloatVector p3 = v.fma(k00, b);
            v = FloatVector.fromArray(S, x, r3 + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
            p1 = v.fma(k21, p1);
            p2 = v.fma(k11, p2);
            p3 = v.fma(k01, p3);
            v = FloatVector.fromArray(S, x, r3 + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
            p1 = v.fma(k22, p1);
            p2 = v.fma(k12, p2);
            p3 = v.fma(k02, p3);
            p1.intoArray(out, o + outW);
            v = FloatVector.fromArray(S, x, r4).reinterpretAsInts().and(m0).reinterpretAsFloats();
            p2 = v.fma(k20, p2);
            p3 = v.fma(k10, p3);
            v = FloatVector.fromArray(S, x, r4 + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
            p2 = v.fma(k21, p2);
            p3 = v.fma(k11, p3);
            v = FloatVector.fromArray(S, x, r4 + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
            p2 = v.fma(k22, p2);
            p3 = v.fma(k12, p3);
            p2.intoArray(out, o + 2 * outW);
            v = FloatVector.fromArray(S, x, r5).reinterpretAsInts().and(m0).reinterpretAsFloats();
            p3 = v.fma(k20, p3);
            v = FloatVector.fromArray(S, x, r5 + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
            p3 = v.fma(k21, p3);
            v = FloatVector.fromArray(S, x, r5 + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
            p3 = v.fma(k22, p3);
            p3.intoArray(out, o + 3 * outW);
            o += BLOCK * outW;
        }
        for (; i < rows; i++) {
            int r0 = base + i * stride;
            int r1 = r0 + stride;
            int r2 = r1 + stride;
            FloatVector p = FloatVector.fromArray(S, x, r0).reinterpretAsInts().and(m0).reinterpretAsFloats().fma(k00, b);
            p = FloatVector.fromArray(S, x, r0 + 1).reinterpretAsInts().and(m1).reinterpretAsFloats().fma(k01, p);
            p = FloatVector.fromArray(S, x, r0 + 2).reinterpretAsInts().and(m2).reinterpretAsFloats().fma(k02, p);
            p = FloatVector.fromArray(S, x, r1).reinterpretAsInts().and(m0).reinterpretAsFloats().fma(k10, p);
            p = FloatVector.fromArray(S, x, r1 + 1).reinterpretAsInts().and(m1).reinterpretAsFloats().fma(k11, p);
            p = FloatVector.fromArray(S, x, r1 + 2).reinterpretAsInts().and(m2).reinterpretAsFloats().fma(k12, p);
            p = FloatVector.fromArray(S, x, r2).reinterpretAsInts().and(m0).reinterpretAsFloats().fma(k20, p);
            p = FloatVector.fromArray(S, x, r2 + 1).reinterpretAsInts().and(m1).reinterpretAsFloats().fma(k21, p);
            p = FloatVector.fromArray(S, x, r2 + 2).reinterpretAsInts().and(m2).reinterpretAsFloats().fma(k22, p);
            p.intoArray(out, o);
            o += outW;
        }
    }

    /**
     * {@link #strip} with dilation: row {@code i} reads {@code x[base + i stride + ky step ..]}
     * (tap {@code kx} at {@code + kx dw}); one row at a time, as dilated rows share no input rows.
     */
    private static void stripDilated(float[] x, int base, int stride, int step, int rows, int at,
                                     float[] kernel, int kOff, int dw, int w, int left,
                                     float[] out, int o, int outW, float bias) {
        int d1 = dw;
        int d2 = 2 * dw;
        // Lane masks of the three taps: input column c + lane must lie in [0, w).
        int c = at - left;
        IntVector m0 = IntVector.fromArray(IS, WINDOW, keepFrom(c)).and(IntVector.fromArray(IS, WINDOW, keepBelow(c, w)));
        IntVector m1 = IntVector.fromArray(IS, WINDOW, keepFrom(c + d1))
                .and(IntVector.fromArray(IS, WINDOW, keepBelow(c + d1, w)));
        IntVector m2 = IntVector.fromArray(IS, WINDOW, keepFrom(c + d2))
                .and(IntVector.fromArray(IS, WINDOW, keepBelow(c + d2, w)));
        FloatVector k00 = FloatVector.broadcast(S, kernel[kOff]);
        FloatVector k01 = FloatVector.broadcast(S, kernel[kOff + 1]);
        FloatVector k02 = FloatVector.broadcast(S, kernel[kOff + 2]);
        FloatVector k10 = FloatVector.broadcast(S, kernel[kOff + 3]);
        FloatVector k11 = FloatVector.broadcast(S, kernel[kOff + 4]);
        FloatVector k12 = FloatVector.broadcast(S, kernel[kOff + 5]);
        FloatVector k20 = FloatVector.broadcast(S, kernel[kOff + 6]);
        FloatVector k21 = FloatVector.broadcast(S, kernel[kOff + 7]);
        FloatVector k22 = FloatVector.broadcast(S, kernel[kOff + 8]);
        FloatVector b = FloatVector.broadcast(S, bias);
        for (int i = 0; i < rows; i++) {
            int r0 = base + i * stride;
            int r1 = r0 + step;
            int r2 = r1 + step;
            FloatVector p = FloatVector.fromArray(S, x, r0).reinterpretAsInts().and(m0).reinterpretAsFloats().fma(k00, b);
            p = FloatVector.fromArray(S, x, r0 + d1).reinterpretAsInts().and(m1).reinterpretAsFloats().fma(k01, p);
            p = FloatVector.fromArray(S, x, r0 + d2).reinterpretAsInts().and(m2).reinterpretAsFloats().fma(k02, p);
            p = FloatVector.fromArray(S, x, r1).reinterpretAsInts().and(m0).reinterpretAsFloats().fma(k10, p);
            p = FloatVector.fromArray(S, x, r1 + d1).reinterpretAsInts().and(m1).reinterpretAsFloats().fma(k11, p);
            p = FloatVector.fromArray(S, x, r1 + d2).reinterpretAsInts().and(m2).reinterpretAsFloats().fma(k12, p);
            p = FloatVector.fromArray(S, x, r2).reinterpretAsInts().and(m0).reinterpretAsFloats().fma(k20, p);
            p = FloatVector.fromArray(S, x, r2 + d1).reinterpretAsInts().and(m1).reinterpretAsFloats().fma(k21, p);
            p = FloatVector.fromArray(S, x, r2 + d2).reinterpretAsInts().and(m2).reinterpretAsFloats().fma(k22, p);
            p.intoArray(out, o);
            o += outW;
        }
    }
}
