package dev.convstream.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Zero-padded 3x3 depthwise correlation with stride 1 (any dilation), read straight from the
 * unpadded plane: the MobileNet-style case that the generic {@link VectorDepthwise} on a padded
 * copy serves poorly (a 56-wide row is 3.5 vectors, and copying the plane row by row costs
 * about as much as the arithmetic).
 *
 * <p>No padded copy: every output vector loads its taps straight from the input rows, and the
 * lanes of a load that fall left or right of the input row (they read the neighbouring row, or
 * the neighbouring plane) are cleared with a bitwise AND against a lane mask, so whatever they
 * hold, NaN or infinity included, contributes exactly zero. Only the first and last vectors of
 * a row need masks. Rows above or below the input, and the rare rows whose loads would leave
 * the input array (a plane at the very start or end of it), are staged in caller scratch: a
 * zero row, or the row with zero borders.
 *
 * <p>Compute: the 9 weights and the bias are broadcast once per block of rows; each output row
 * is whole vectors, the last one pulled back to end at the row's end (outputs are written, not
 * accumulated, so the overlap rewrites identical values). Without vertical dilation, blocks of
 * 4 output rows share their 6 input rows: 18 unaligned loads feed 36 FMAs, where one row at a
 * time needs 9 loads per 9 FMAs and the loads, not the FMAs, would be the limit; 4 rows also
 * give 4 independent FMA chains per column. Taps are unrolled by hand (generated code), and no
 * vector crosses a method boundary (on JDK 17 that boxes).
 */
final class VectorDepthwise3x3 {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output rows per block when rows are shared (no vertical dilation). */
    private static final int BLOCK = 4;
    /**
     * {@code L} zeros, {@code L} all-ones, {@code L} zeros: loaded at {@code L - lo} it keeps
     * lanes {@code >= lo}, loaded at {@code 2L - hi} it keeps lanes {@code < hi}.
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
     * Floats of scratch {@link #correlate} needs: one staging row of {@code outW + 2 dw} per
     * input row of a block; never more than the padded plane ({@code outH + 2 dh} rows).
     */
    static int scratchFloats(int outH, int outW, int dh, int dw) {
        return Math.min(BLOCK + 2, outH + 2 * dh) * (outW + 2 * dw);
    }

    /**
     * {@link Depthwise#correlateZeroPadded} for a shape where {@link #applies} holds, with
     * {@code scratch} of at least {@link #scratchFloats} floats; the caller has checked the rest.
     */
    static void correlate(float[] in, int inOff, int h, int w, int top, int left,
                          float[] kernel, int kOff, int dh, int dw,
                          float[] out, int outOff, int outH, int outW, float bias, float[] scratch) {
        int span = outW + 2 * dw;
        int oy = 0;
        while (oy < outH) {
            int o = outOff + oy * outW;
            if (dh == 1 && dw == 1 && oy + BLOCK <= outH
                    && direct(in, inOff, h, w, top, left, span, oy, BLOCK + 2)) {
                int b0 = inOff + (oy - top) * w - left;
                block(in, b0, b0 + w, b0 + 2 * w, b0 + 3 * w, b0 + 4 * w, b0 + 5 * w,
                        kernel, kOff, w, left, out, o, outW, bias);
                oy += BLOCK;
                continue;
            }
            int b0 = inOff + (oy - top) * w - left;
            int step = dh * w;
            if (direct(in, inOff, h, w, top, left, span, oy, 2 * dh + 1)) {
                row(in, b0, b0 + step, b0 + 2 * step, kernel, kOff, dw, w, left, out, o, outW, bias);
            } else {
                stage(in, inOff, h, w, top, left, span, oy, scratch, 0);
                stage(in, inOff, h, w, top, left, span, oy + dh, scratch, 1);
                stage(in, inOff, h, w, top, left, span, oy + 2 * dh, scratch, 2);
                row(scratch, 0, span, 2 * span, kernel, kOff, dw, w, left, out, o, outW, bias);
            }
            oy++;
        }
    }

    /**
     * Whether padded rows {@code p .. p + count - 1} are all input rows whose loads (from
     * {@code inOff + r w - left}, {@code span} floats) stay inside {@code in}; the loads may
     * cross into the neighbouring rows or planes, whose lanes are masked.
     */
    private static boolean direct(float[] in, int inOff, int h, int w, int top, int left, int span, int p,
                                  int count) {
        int first = p - top;
        int lastRow = first + count - 1;
        return first >= 0 && lastRow < h && inOff + first * w - left >= 0
                && inOff + lastRow * w - left + span <= in.length;
    }

    /**
     * Padded row {@code p} into scratch row {@code slot}: zeros above and below the input, else
     * the input row at column {@code left} with zero borders.
     */
    private static void stage(float[] in, int inOff, int h, int w, int top, int left, int span, int p,
                              float[] scratch, int slot) {
        int dst = slot * span;
        Arrays.fill(scratch, dst, dst + span, 0f);
        int r = p - top;
        if (r >= 0 && r < h) {
            System.arraycopy(in, inOff + r * w, scratch, dst + left, Math.max(0, Math.min(w, span - left)));
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
     * {@value #BLOCK} output rows, without dilation, from their 6 input rows at {@code x[b0..]}
     * to {@code x[b5..]}: output column {@code ox}, tap {@code kx} of row {@code i} reads
     * {@code x[b(i + ky) + ox + kx]}. One array and constant tap offsets let C2 merge the range checks.
     */
    private static void block(float[] x, int b0, int b1, int b2, int b3, int b4, int b5,
                              float[] kernel, int kOff, int w, int left,
                              float[] out, int o, int outW, float bias) {
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
        int last = outW - L;
        // Columns whose loads all stay inside the input row need no masks.
        int plainFrom = left;
        int plainTo = w + left - L - 2 * 1;
        for (int c0 = 0; ; c0 += L) {
            int at = Math.min(c0, last);
            FloatVector v;
            if (at >= plainFrom && at <= plainTo) {
                v = FloatVector.fromArray(S, x, b0 + at);
                FloatVector p0 = v.fma(k00, b);
                v = FloatVector.fromArray(S, x, b0 + at + 1);
                p0 = v.fma(k01, p0);
                v = FloatVector.fromArray(S, x, b0 + at + 2);
                p0 = v.fma(k02, p0);
                v = FloatVector.fromArray(S, x, b1 + at);
                p0 = v.fma(k10, p0);
                FloatVector p1 = v.fma(k00, b);
                v = FloatVector.fromArray(S, x, b1 + at + 1);
                p0 = v.fma(k11, p0);
                p1 = v.fma(k01, p1);
                v = FloatVector.fromArray(S, x, b1 + at + 2);
                p0 = v.fma(k12, p0);
                p1 = v.fma(k02, p1);
                v = FloatVector.fromArray(S, x, b2 + at);
                p0 = v.fma(k20, p0);
                p1 = v.fma(k10, p1);
                FloatVector p2 = v.fma(k00, b);
                v = FloatVector.fromArray(S, x, b2 + at + 1);
                p0 = v.fma(k21, p0);
                p1 = v.fma(k11, p1);
                p2 = v.fma(k01, p2);
                v = FloatVector.fromArray(S, x, b2 + at + 2);
                p0 = v.fma(k22, p0);
                p1 = v.fma(k12, p1);
                p2 = v.fma(k02, p2);
                p0.intoArray(out, o + at);
                v = FloatVector.fromArray(S, x, b3 + at);
                p1 = v.fma(k20, p1);
                p2 = v.fma(k10, p2);
                FloatVector p3 = v.fma(k00, b);
                v = FloatVector.fromArray(S, x, b3 + at + 1);
                p1 = v.fma(k21, p1);
                p2 = v.fma(k11, p2);
                p3 = v.fma(k01, p3);
                v = FloatVector.fromArray(S, x, b3 + at + 2);
                p1 = v.fma(k22, p1);
                p2 = v.fma(k12, p2);
                p3 = v.fma(k02, p3);
                p1.intoArray(out, o + outW + at);
                v = FloatVector.fromArray(S, x, b4 + at);
                p2 = v.fma(k20, p2);
                p3 = v.fma(k10, p3);
                v = FloatVector.fromArray(S, x, b4 + at + 1);
                p2 = v.fma(k21, p2);
                p3 = v.fma(k11, p3);
                v = FloatVector.fromArray(S, x, b4 + at + 2);
                p2 = v.fma(k22, p2);
                p3 = v.fma(k12, p3);
                p2.intoArray(out, o + 2 * outW + at);
                v = FloatVector.fromArray(S, x, b5 + at);
                p3 = v.fma(k20, p3);
                v = FloatVector.fromArray(S, x, b5 + at + 1);
                p3 = v.fma(k21, p3);
                v = FloatVector.fromArray(S, x, b5 + at + 2);
                p3 = v.fma(k22, p3);
                p3.intoArray(out, o + 3 * outW + at);
            } else {
                // Input column under lane 0 of tap kx: at - left + kx * dw.
                int c = at - left;
                IntVector m0 = IntVector.fromArray(IS, WINDOW, L - Math.max(0, Math.min(L, -c)))
                        .and(IntVector.fromArray(IS, WINDOW, 2 * L - Math.max(0, Math.min(L, w - c))));
                IntVector m1 = IntVector.fromArray(IS, WINDOW, L - Math.max(0, Math.min(L, -c - 1)))
                        .and(IntVector.fromArray(IS, WINDOW, 2 * L - Math.max(0, Math.min(L, w - c - 1))));
                IntVector m2 = IntVector.fromArray(IS, WINDOW, L - Math.max(0, Math.min(L, -c - 2)))
                        .and(IntVector.fromArray(IS, WINDOW, 2 * L - Math.max(0, Math.min(L, w - c - 2))));
                v = FloatVector.fromArray(S, x, b0 + at).reinterpretAsInts().and(m0).reinterpretAsFloats();
                FloatVector p0 = v.fma(k00, b);
                v = FloatVector.fromArray(S, x, b0 + at + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
                p0 = v.fma(k01, p0);
                v = FloatVector.fromArray(S, x, b0 + at + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
                p0 = v.fma(k02, p0);
                v = FloatVector.fromArray(S, x, b1 + at).reinterpretAsInts().and(m0).reinterpretAsFloats();
                p0 = v.fma(k10, p0);
                FloatVector p1 = v.fma(k00, b);
                v = FloatVector.fromArray(S, x, b1 + at + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
                p0 = v.fma(k11, p0);
                p1 = v.fma(k01, p1);
                v = FloatVector.fromArray(S, x, b1 + at + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
                p0 = v.fma(k12, p0);
                p1 = v.fma(k02, p1);
                v = FloatVector.fromArray(S, x, b2 + at).reinterpretAsInts().and(m0).reinterpretAsFloats();
                p0 = v.fma(k20, p0);
                p1 = v.fma(k10, p1);
                FloatVector p2 = v.fma(k00, b);
                v = FloatVector.fromArray(S, x, b2 + at + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
                p0 = v.fma(k21, p0);
                p1 = v.fma(k11, p1);
                p2 = v.fma(k01, p2);
                v = FloatVector.fromArray(S, x, b2 + at + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
                p0 = v.fma(k22, p0);
                p1 = v.fma(k12, p1);
                p2 = v.fma(k02, p2);
                p0.intoArray(out, o + at);
                v = FloatVector.fromArray(S, x, b3 + at).reinterpretAsInts().and(m0).reinterpretAsFloats();
                p1 = v.fma(k20, p1);
                p2 = v.fma(k10, p2);
                FloatVector p3 = v.fma(k00, b);
                v = FloatVector.fromArray(S, x, b3 + at + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
                p1 = v.fma(k21, p1);
                p2 = v.fma(k11, p2);
                p3 = v.fma(k01, p3);
                v = FloatVector.fromArray(S, x, b3 + at + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
                p1 = v.fma(k22, p1);
                p2 = v.fma(k12, p2);
                p3 = v.fma(k02, p3);
                p1.intoArray(out, o + outW + at);
                v = FloatVector.fromArray(S, x, b4 + at).reinterpretAsInts().and(m0).reinterpretAsFloats();
                p2 = v.fma(k20, p2);
                p3 = v.fma(k10, p3);
                v = FloatVector.fromArray(S, x, b4 + at + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
                p2 = v.fma(k21, p2);
                p3 = v.fma(k11, p3);
                v = FloatVector.fromArray(S, x, b4 + at + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
                p2 = v.fma(k22, p2);
                p3 = v.fma(k12, p3);
                p2.intoArray(out, o + 2 * outW + at);
                v = FloatVector.fromArray(S, x, b5 + at).reinterpretAsInts().and(m0).reinterpretAsFloats();
                p3 = v.fma(k20, p3);
                v = FloatVector.fromArray(S, x, b5 + at + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
                p3 = v.fma(k21, p3);
                v = FloatVector.fromArray(S, x, b5 + at + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
                p3 = v.fma(k22, p3);
                p3.intoArray(out, o + 3 * outW + at);
            }
            if (at == last) {
                return;
            }
        }
    }

    /**
     * The masked column at {@code at} of {@link #block}: a method of its own, because with it
     * inline C2 on JDK 17 compiles {@link #block} into code several times slower.
     */
    private static void blockEdge(float[] x, int b0, int b1, int b2, int b3, int b4, int b5, int at,
                                  float[] kernel, int kOff, int w, int left,
                                  float[] out, int o, int outW, float bias) {
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
        FloatVector v;
        // Input column under lane 0 of tap kx: at - left + kx * dw.
        int c = at - left;
        IntVector m0 = IntVector.fromArray(IS, WINDOW, L - Math.max(0, Math.min(L, -c)))
                .and(IntVector.fromArray(IS, WINDOW, 2 * L - Math.max(0, Math.min(L, w - c))));
        IntVector m1 = IntVector.fromArray(IS, WINDOW, L - Math.max(0, Math.min(L, -c - 1)))
                .and(IntVector.fromArray(IS, WINDOW, 2 * L - Math.max(0, Math.min(L, w - c - 1))));
        IntVector m2 = IntVector.fromArray(IS, WINDOW, L - Math.max(0, Math.min(L, -c - 2)))
                .and(IntVector.fromArray(IS, WINDOW, 2 * L - Math.max(0, Math.min(L, w - c - 2))));
        v = FloatVector.fromArray(S, x, b0 + at).reinterpretAsInts().and(m0).reinterpretAsFloats();
        FloatVector p0 = v.fma(k00, b);
        v = FloatVector.fromArray(S, x, b0 + at + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
        p0 = v.fma(k01, p0);
        v = FloatVector.fromArray(S, x, b0 + at + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
        p0 = v.fma(k02, p0);
        v = FloatVector.fromArray(S, x, b1 + at).reinterpretAsInts().and(m0).reinterpretAsFloats();
        p0 = v.fma(k10, p0);
        FloatVector p1 = v.fma(k00, b);
        v = FloatVector.fromArray(S, x, b1 + at + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
        p0 = v.fma(k11, p0);
        p1 = v.fma(k01, p1);
        v = FloatVector.fromArray(S, x, b1 + at + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
        p0 = v.fma(k12, p0);
        p1 = v.fma(k02, p1);
        v = FloatVector.fromArray(S, x, b2 + at).reinterpretAsInts().and(m0).reinterpretAsFloats();
        p0 = v.fma(k20, p0);
        p1 = v.fma(k10, p1);
        FloatVector p2 = v.fma(k00, b);
        v = FloatVector.fromArray(S, x, b2 + at + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
        p0 = v.fma(k21, p0);
        p1 = v.fma(k11, p1);
        p2 = v.fma(k01, p2);
        v = FloatVector.fromArray(S, x, b2 + at + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
        p0 = v.fma(k22, p0);
        p1 = v.fma(k12, p1);
        p2 = v.fma(k02, p2);
        p0.intoArray(out, o + at);
        v = FloatVector.fromArray(S, x, b3 + at).reinterpretAsInts().and(m0).reinterpretAsFloats();
        p1 = v.fma(k20, p1);
        p2 = v.fma(k10, p2);
        FloatVector p3 = v.fma(k00, b);
        v = FloatVector.fromArray(S, x, b3 + at + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
        p1 = v.fma(k21, p1);
        p2 = v.fma(k11, p2);
        p3 = v.fma(k01, p3);
        v = FloatVector.fromArray(S, x, b3 + at + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
        p1 = v.fma(k22, p1);
        p2 = v.fma(k12, p2);
        p3 = v.fma(k02, p3);
        p1.intoArray(out, o + outW + at);
        v = FloatVector.fromArray(S, x, b4 + at).reinterpretAsInts().and(m0).reinterpretAsFloats();
        p2 = v.fma(k20, p2);
        p3 = v.fma(k10, p3);
        v = FloatVector.fromArray(S, x, b4 + at + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
        p2 = v.fma(k21, p2);
        p3 = v.fma(k11, p3);
        v = FloatVector.fromArray(S, x, b4 + at + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
        p2 = v.fma(k22, p2);
        p3 = v.fma(k12, p3);
        p2.intoArray(out, o + 2 * outW + at);
        v = FloatVector.fromArray(S, x, b5 + at).reinterpretAsInts().and(m0).reinterpretAsFloats();
        p3 = v.fma(k20, p3);
        v = FloatVector.fromArray(S, x, b5 + at + 1).reinterpretAsInts().and(m1).reinterpretAsFloats();
        p3 = v.fma(k21, p3);
        v = FloatVector.fromArray(S, x, b5 + at + 2).reinterpretAsInts().and(m2).reinterpretAsFloats();
        p3 = v.fma(k22, p3);
        p3.intoArray(out, o + 3 * outW + at);
    }

    /** One output row from its 3 input rows at {@code x[b0..]} to {@code x[b2..]}, any dilation. */
    private static void row(float[] x, int b0, int b1, int b2, float[] kernel, int kOff, int dw, int w, int left,
                            float[] out, int o, int outW, float bias) {
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
        int d1 = dw;
        int d2 = 2 * dw;
        int last = outW - L;
        // Columns whose loads all stay inside the input row need no masks.
        int plainFrom = left;
        int plainTo = w + left - L - 2 * dw;
        for (int c0 = 0; ; c0 += L) {
            int at = Math.min(c0, last);
            if (at >= plainFrom && at <= plainTo) {
                FloatVector p = FloatVector.fromArray(S, x, b0 + at).fma(k00, b);
                p = FloatVector.fromArray(S, x, b0 + at + d1).fma(k01, p);
                p = FloatVector.fromArray(S, x, b0 + at + d2).fma(k02, p);
                p = FloatVector.fromArray(S, x, b1 + at).fma(k10, p);
                p = FloatVector.fromArray(S, x, b1 + at + d1).fma(k11, p);
                p = FloatVector.fromArray(S, x, b1 + at + d2).fma(k12, p);
                p = FloatVector.fromArray(S, x, b2 + at).fma(k20, p);
                p = FloatVector.fromArray(S, x, b2 + at + d1).fma(k21, p);
                p = FloatVector.fromArray(S, x, b2 + at + d2).fma(k22, p);
                p.intoArray(out, o + at);
            } else {
                // Input column under lane 0 of tap kx: at - left + kx * dw.
                int c = at - left;
                IntVector m0 = IntVector.fromArray(IS, WINDOW, L - Math.max(0, Math.min(L, -c)))
                        .and(IntVector.fromArray(IS, WINDOW, 2 * L - Math.max(0, Math.min(L, w - c))));
                IntVector m1 = IntVector.fromArray(IS, WINDOW, L - Math.max(0, Math.min(L, -c - d1)))
                        .and(IntVector.fromArray(IS, WINDOW, 2 * L - Math.max(0, Math.min(L, w - c - d1))));
                IntVector m2 = IntVector.fromArray(IS, WINDOW, L - Math.max(0, Math.min(L, -c - d2)))
                        .and(IntVector.fromArray(IS, WINDOW, 2 * L - Math.max(0, Math.min(L, w - c - d2))));
                FloatVector p = FloatVector.fromArray(S, x, b0 + at).reinterpretAsInts().and(m0).reinterpretAsFloats().fma(k00, b);
                p = FloatVector.fromArray(S, x, b0 + at + d1).reinterpretAsInts().and(m1).reinterpretAsFloats().fma(k01, p);
                p = FloatVector.fromArray(S, x, b0 + at + d2).reinterpretAsInts().and(m2).reinterpretAsFloats().fma(k02, p);
                p = FloatVector.fromArray(S, x, b1 + at).reinterpretAsInts().and(m0).reinterpretAsFloats().fma(k10, p);
                p = FloatVector.fromArray(S, x, b1 + at + d1).reinterpretAsInts().and(m1).reinterpretAsFloats().fma(k11, p);
                p = FloatVector.fromArray(S, x, b1 + at + d2).reinterpretAsInts().and(m2).reinterpretAsFloats().fma(k12, p);
                p = FloatVector.fromArray(S, x, b2 + at).reinterpretAsInts().and(m0).reinterpretAsFloats().fma(k20, p);
                p = FloatVector.fromArray(S, x, b2 + at + d1).reinterpretAsInts().and(m1).reinterpretAsFloats().fma(k21, p);
                p = FloatVector.fromArray(S, x, b2 + at + d2).reinterpretAsInts().and(m2).reinterpretAsFloats().fma(k22, p);
                p.intoArray(out, o + at);
            }
            if (at == last) {
                return;
            }
        }
    }
}
