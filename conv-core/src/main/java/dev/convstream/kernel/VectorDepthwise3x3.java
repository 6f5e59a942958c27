package dev.convstream.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Zero-padded 3x3 depthwise correlation with stride 1 (any dilation), read straight from the
 * unpadded plane: the MobileNet-style case that the generic {@link VectorDepthwise} on a padded
 * copy serves poorly (a 56-wide row is 3.5 vectors, and copying a plane row by row costs about
 * as much as its arithmetic).
 *
 * <p>No padded copy: every output vector loads its taps straight from the input rows, and the
 * lanes of a load that fall left or right of the input row (they read the neighbouring row or
 * plane) are replaced by zeros with a blend, so whatever they hold, NaN or infinity included,
 * contributes exactly zero (a bitwise AND via reinterpretation takes three times the nodes,
 * and C2 on JDK 17 then gave up intrinsifying some of them, and allocated). Output rows whose
 * taps reach above or below the input, or whose loads would leave the input array (a plane at
 * its very start or end), have their three input rows staged in caller scratch instead: zero
 * rows, or the row with zero borders.
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
 *
 * <p>Why JDK 17's C2 compiles it whatever the order of compiles: each row kernel is too big to
 * be inlined into {@link #strip} and is compiled on its own, and the only vectors live across a
 * row loop's back edge are the weights, bias and masks, made before the loop on the constant
 * species, so C2 types them exactly. The accumulators are born and stored within one iteration:
 * carried around the loop, C2 can type them as plain {@code FloatVector} when it compiles before
 * the profile is complete, and then boxes every vector (the failure {@link VectorStreamingConv}'s
 * tiles guard against with a typed copy at the loop exit).
 *
 * <p>The row kernels are written by hand, not generated: quads and singles, masked or not, and
 * dilated differ in rows per step, in which lanes they mask and in how output rows share input
 * rows (6 loads for 4 rows), so what they have in common is little more than the 9-weight setup;
 * a generator would need one template per variant.
 */
final class VectorDepthwise3x3 {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * The species' vector and mask classes: every load, broadcast, mask and stored sum of the row
     * kernels is cast to them, so their Vector API calls ({@code fma}, {@code blend}, {@code or},
     * {@code intoArray}) bind without a type profile (JDK 17's tier 2 -> 4 defect; see
     * {@link VectorStreamingConv}'s {@code EXACT}). In {@link #quads} and {@link #quadsMasked} the
     * weight is each FMA's receiver ({@code k.fma(v, p)}: the same exact product as
     * {@code v.fma(k, p)}, the same bits): they are big enough that C2 passes its inlining node
     * budget ({@code NodeCountInliningCutoff}) and delays the last calls, whose results it then
     * types only as {@code FloatVector}; a weight cast at the top stays exactly typed. Checked by
     * {@code scripts/jit17/profile-less-kernels.sh}.
     */
    private static final Class<FloatVector> EXACT = VectorDepthwise.EXACT;
    @SuppressWarnings("unchecked")
    private static final Class<VectorMask<Float>> MASK_EXACT =
            (Class<VectorMask<Float>>) (Class<?>) S.maskAll(true).getClass();
    /** Output rows per step of {@link #strip}: they share their input rows. */
    private static final int BLOCK = 4;
    /** Scratch rows: the three input rows of one staged output row. */
    private static final int STAGED = 3;
    /**
     * {@code L} true, {@code L} false, {@code L} true: as a mask loaded at {@code L - n} it
     * selects lanes {@code < n}, loaded at {@code 2L - n} lanes {@code >= n}.
     */
    private static final boolean[] OUTSIDE = outside();

    private VectorDepthwise3x3() {
    }

    private static boolean[] outside() {
        boolean[] m = new boolean[3 * L];
        Arrays.fill(m, 0, L, true);
        Arrays.fill(m, 2 * L, 3 * L, true);
        return m;
    }

    /** Whether {@link #correlate} serves this shape. */
    static boolean applies(int kh, int kw, int sh, int sw, int outW) {
        return kh == 3 && kw == 3 && sh == 1 && sw == 1 && outW >= L && outW <= MAX_WIDTH;
    }

    /**
     * Widest output row served. The column strips run down the whole plane, which stops paying on
     * wide planes: past this width the padded copy + generic kernel is faster (BENCHMARKS.md).
     */
    static final int MAX_WIDTH = 256;

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
                    dilatedMasked(in, base + at, w, dh * w, end - first, at, kernel, kOff, dw, w, left,
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
            // Input columns that land in the row (all, unless the padding is wider than the output).
            int copy = Math.min(w, span - left);
            if (r >= 0 && r < h && copy > 0) {
                System.arraycopy(in, inOff + r * w, scratch, dst + left, copy);
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
                dilatedMasked(scratch, at, span, span, 1, at, kernel, kOff, dw, w, left, out, o + at, outW, bias);
            }
            if (at == last) {
                break;
            }
        }
    }

    /**
     * One column strip without dilation: {@link #quads} as far as they go, then {@link #singles};
     * masked variants only where a tap's load leaves the input row (each variant a method of its
     * own: C2 on JDK 17 stops inlining the Vector API in one that big, and then allocates).
     */
    private static void strip(float[] x, int base, int stride, int rows, int at,
                              float[] kernel, int kOff, int w, int left, float[] out, int o, int outW, float bias) {
        int quadRows = rows - rows % BLOCK;
        int rest = rows - quadRows;
        int restBase = base + quadRows * stride;
        int restOut = o + quadRows * outW;
        if (at >= left && at + L + 2 <= w + left) {
            if (quadRows > 0) {
                quads(x, base, stride, quadRows, at, kernel, kOff, w, left, out, o, outW, bias);
            }
            if (rest > 0) {
                singles(x, restBase, stride, rest, at, kernel, kOff, w, left, out, restOut, outW, bias);
            }
        } else {
            if (quadRows > 0) {
                quadsMasked(x, base, stride, quadRows, at, kernel, kOff, w, left, out, o, outW, bias);
            }
            if (rest > 0) {
                singlesMasked(x, restBase, stride, rest, at, kernel, kOff, w, left, out, restOut, outW, bias);
            }
        }
    }

    /** {@link #OUTSIDE} offset selecting the lanes whose input column {@code c + lane} is {@code < 0}. */
    private static int before(int c) {
        return L - Math.max(0, Math.min(L, -c));
    }

    /** {@link #OUTSIDE} offset selecting the lanes whose input column {@code c + lane} is {@code >= w}. */
    private static int after(int c, int w) {
        return 2 * L - Math.max(0, Math.min(L, w - c));
    }

    /**
     * Output rows {@code 0 .. rows-1} ({@code rows} a multiple of {@value #BLOCK}) of one column
     * strip, no dilation: output row {@code i}, vector at {@code out[o + i outW]},
     * reads input rows {@code x[base + (i + ky) stride ..]}, tap {@code kx} at {@code + kx}.
     */
    private static void quads(float[] x, int base, int stride, int rows, int at, float[] kernel, int kOff,
            int w, int left, float[] out, int o, int outW, float bias) {
        FloatVector k00 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff]));
        FloatVector k01 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 1]));
        FloatVector k02 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 2]));
        FloatVector k10 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 3]));
        FloatVector k11 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 4]));
        FloatVector k12 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 5]));
        FloatVector k20 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 6]));
        FloatVector k21 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 7]));
        FloatVector k22 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 8]));
        FloatVector b = EXACT.cast(FloatVector.broadcast(S, bias));
        for (int i = 0; i < rows; i += BLOCK) {
            int r0 = base + i * stride;
            int r1 = r0 + stride;
            int r2 = r1 + stride;
            int r3 = r2 + stride;
            int r4 = r3 + stride;
            int r5 = r4 + stride;
            FloatVector v;
            v = EXACT.cast(FloatVector.fromArray(S, x, r0));
            FloatVector p0 = k00.fma(v, b);
            v = EXACT.cast(FloatVector.fromArray(S, x, r0 + 1));
            p0 = k01.fma(v, p0);
            v = EXACT.cast(FloatVector.fromArray(S, x, r0 + 2));
            p0 = k02.fma(v, p0);
            v = EXACT.cast(FloatVector.fromArray(S, x, r1));
            p0 = k10.fma(v, p0);
            FloatVector p1 = k00.fma(v, b);
            v = EXACT.cast(FloatVector.fromArray(S, x, r1 + 1));
            p0 = k11.fma(v, p0);
            p1 = k01.fma(v, p1);
            v = EXACT.cast(FloatVector.fromArray(S, x, r1 + 2));
            p0 = k12.fma(v, p0);
            p1 = k02.fma(v, p1);
            v = EXACT.cast(FloatVector.fromArray(S, x, r2));
            p0 = k20.fma(v, p0);
            p1 = k10.fma(v, p1);
            FloatVector p2 = k00.fma(v, b);
            v = EXACT.cast(FloatVector.fromArray(S, x, r2 + 1));
            p0 = k21.fma(v, p0);
            p1 = k11.fma(v, p1);
            p2 = k01.fma(v, p2);
            v = EXACT.cast(FloatVector.fromArray(S, x, r2 + 2));
            p0 = k22.fma(v, p0);
            p1 = k12.fma(v, p1);
            p2 = k02.fma(v, p2);
            EXACT.cast(p0).intoArray(out, o);
            v = EXACT.cast(FloatVector.fromArray(S, x, r3));
            p1 = k20.fma(v, p1);
            p2 = k10.fma(v, p2);
            FloatVector p3 = k00.fma(v, b);
            v = EXACT.cast(FloatVector.fromArray(S, x, r3 + 1));
            p1 = k21.fma(v, p1);
            p2 = k11.fma(v, p2);
            p3 = k01.fma(v, p3);
            v = EXACT.cast(FloatVector.fromArray(S, x, r3 + 2));
            p1 = k22.fma(v, p1);
            p2 = k12.fma(v, p2);
            p3 = k02.fma(v, p3);
            EXACT.cast(p1).intoArray(out, o + outW);
            v = EXACT.cast(FloatVector.fromArray(S, x, r4));
            p2 = k20.fma(v, p2);
            p3 = k10.fma(v, p3);
            v = EXACT.cast(FloatVector.fromArray(S, x, r4 + 1));
            p2 = k21.fma(v, p2);
            p3 = k11.fma(v, p3);
            v = EXACT.cast(FloatVector.fromArray(S, x, r4 + 2));
            p2 = k22.fma(v, p2);
            p3 = k12.fma(v, p3);
            EXACT.cast(p2).intoArray(out, o + 2 * outW);
            v = EXACT.cast(FloatVector.fromArray(S, x, r5));
            p3 = k20.fma(v, p3);
            v = EXACT.cast(FloatVector.fromArray(S, x, r5 + 1));
            p3 = k21.fma(v, p3);
            v = EXACT.cast(FloatVector.fromArray(S, x, r5 + 2));
            p3 = k22.fma(v, p3);
            EXACT.cast(p3).intoArray(out, o + 3 * outW);
            o += BLOCK * outW;
        }
    }

    /**
     * Output rows {@code 0 .. rows-1} ({@code rows} a multiple of {@value #BLOCK}) of one column
     * strip, no dilation, masked lanes cleared: output row {@code i}, vector at {@code out[o + i outW]},
     * reads input rows {@code x[base + (i + ky) stride ..]}, tap {@code kx} at {@code + kx}.
     */
    private static void quadsMasked(float[] x, int base, int stride, int rows, int at, float[] kernel, int kOff,
            int w, int left, float[] out, int o, int outW, float bias) {
        // Lanes of the three taps outside the input row: input column c + lane not in [0, w).
        int c = at - left;
        VectorMask<Float> m0 = MASK_EXACT.cast(VectorMask.fromArray(S, OUTSIDE, before(c)))
                .or(VectorMask.fromArray(S, OUTSIDE, after(c, w)));
        VectorMask<Float> m1 = MASK_EXACT.cast(VectorMask.fromArray(S, OUTSIDE, before(c + 1)))
                .or(VectorMask.fromArray(S, OUTSIDE, after(c + 1, w)));
        VectorMask<Float> m2 = MASK_EXACT.cast(VectorMask.fromArray(S, OUTSIDE, before(c + 2)))
                .or(VectorMask.fromArray(S, OUTSIDE, after(c + 2, w)));
        FloatVector k00 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff]));
        FloatVector k01 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 1]));
        FloatVector k02 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 2]));
        FloatVector k10 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 3]));
        FloatVector k11 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 4]));
        FloatVector k12 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 5]));
        FloatVector k20 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 6]));
        FloatVector k21 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 7]));
        FloatVector k22 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 8]));
        FloatVector b = EXACT.cast(FloatVector.broadcast(S, bias));
        for (int i = 0; i < rows; i += BLOCK) {
            int r0 = base + i * stride;
            int r1 = r0 + stride;
            int r2 = r1 + stride;
            int r3 = r2 + stride;
            int r4 = r3 + stride;
            int r5 = r4 + stride;
            FloatVector v;
            v = EXACT.cast(FloatVector.fromArray(S, x, r0)).blend(0f, m0);
            FloatVector p0 = k00.fma(v, b);
            v = EXACT.cast(FloatVector.fromArray(S, x, r0 + 1)).blend(0f, m1);
            p0 = k01.fma(v, p0);
            v = EXACT.cast(FloatVector.fromArray(S, x, r0 + 2)).blend(0f, m2);
            p0 = k02.fma(v, p0);
            v = EXACT.cast(FloatVector.fromArray(S, x, r1)).blend(0f, m0);
            p0 = k10.fma(v, p0);
            FloatVector p1 = k00.fma(v, b);
            v = EXACT.cast(FloatVector.fromArray(S, x, r1 + 1)).blend(0f, m1);
            p0 = k11.fma(v, p0);
            p1 = k01.fma(v, p1);
            v = EXACT.cast(FloatVector.fromArray(S, x, r1 + 2)).blend(0f, m2);
            p0 = k12.fma(v, p0);
            p1 = k02.fma(v, p1);
            v = EXACT.cast(FloatVector.fromArray(S, x, r2)).blend(0f, m0);
            p0 = k20.fma(v, p0);
            p1 = k10.fma(v, p1);
            FloatVector p2 = k00.fma(v, b);
            v = EXACT.cast(FloatVector.fromArray(S, x, r2 + 1)).blend(0f, m1);
            p0 = k21.fma(v, p0);
            p1 = k11.fma(v, p1);
            p2 = k01.fma(v, p2);
            v = EXACT.cast(FloatVector.fromArray(S, x, r2 + 2)).blend(0f, m2);
            p0 = k22.fma(v, p0);
            p1 = k12.fma(v, p1);
            p2 = k02.fma(v, p2);
            EXACT.cast(p0).intoArray(out, o);
            v = EXACT.cast(FloatVector.fromArray(S, x, r3)).blend(0f, m0);
            p1 = k20.fma(v, p1);
            p2 = k10.fma(v, p2);
            FloatVector p3 = k00.fma(v, b);
            v = EXACT.cast(FloatVector.fromArray(S, x, r3 + 1)).blend(0f, m1);
            p1 = k21.fma(v, p1);
            p2 = k11.fma(v, p2);
            p3 = k01.fma(v, p3);
            v = EXACT.cast(FloatVector.fromArray(S, x, r3 + 2)).blend(0f, m2);
            p1 = k22.fma(v, p1);
            p2 = k12.fma(v, p2);
            p3 = k02.fma(v, p3);
            EXACT.cast(p1).intoArray(out, o + outW);
            v = EXACT.cast(FloatVector.fromArray(S, x, r4)).blend(0f, m0);
            p2 = k20.fma(v, p2);
            p3 = k10.fma(v, p3);
            v = EXACT.cast(FloatVector.fromArray(S, x, r4 + 1)).blend(0f, m1);
            p2 = k21.fma(v, p2);
            p3 = k11.fma(v, p3);
            v = EXACT.cast(FloatVector.fromArray(S, x, r4 + 2)).blend(0f, m2);
            p2 = k22.fma(v, p2);
            p3 = k12.fma(v, p3);
            EXACT.cast(p2).intoArray(out, o + 2 * outW);
            v = EXACT.cast(FloatVector.fromArray(S, x, r5)).blend(0f, m0);
            p3 = k20.fma(v, p3);
            v = EXACT.cast(FloatVector.fromArray(S, x, r5 + 1)).blend(0f, m1);
            p3 = k21.fma(v, p3);
            v = EXACT.cast(FloatVector.fromArray(S, x, r5 + 2)).blend(0f, m2);
            p3 = k22.fma(v, p3);
            EXACT.cast(p3).intoArray(out, o + 3 * outW);
            o += BLOCK * outW;
        }
    }

    /** {@link #quads}, one row at a time (for fewer than {@value #BLOCK} rows). */
    private static void singles(float[] x, int base, int stride, int rows, int at, float[] kernel, int kOff,
            int w, int left, float[] out, int o, int outW, float bias) {
        FloatVector k00 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff]));
        FloatVector k01 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 1]));
        FloatVector k02 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 2]));
        FloatVector k10 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 3]));
        FloatVector k11 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 4]));
        FloatVector k12 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 5]));
        FloatVector k20 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 6]));
        FloatVector k21 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 7]));
        FloatVector k22 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 8]));
        FloatVector b = EXACT.cast(FloatVector.broadcast(S, bias));
        for (int i = 0; i < rows; i++) {
            int r0 = base + i * stride;
            int r1 = r0 + stride;
            int r2 = r1 + stride;
            FloatVector p = EXACT.cast(FloatVector.fromArray(S, x, r0)).fma(k00, b);
            p = EXACT.cast(FloatVector.fromArray(S, x, r0 + 1)).fma(k01, p);
            p = EXACT.cast(FloatVector.fromArray(S, x, r0 + 2)).fma(k02, p);
            p = EXACT.cast(FloatVector.fromArray(S, x, r1)).fma(k10, p);
            p = EXACT.cast(FloatVector.fromArray(S, x, r1 + 1)).fma(k11, p);
            p = EXACT.cast(FloatVector.fromArray(S, x, r1 + 2)).fma(k12, p);
            p = EXACT.cast(FloatVector.fromArray(S, x, r2)).fma(k20, p);
            p = EXACT.cast(FloatVector.fromArray(S, x, r2 + 1)).fma(k21, p);
            p = EXACT.cast(FloatVector.fromArray(S, x, r2 + 2)).fma(k22, p);
            EXACT.cast(p).intoArray(out, o);
            o += outW;
        }
    }

    /** {@link #quadsMasked}, one row at a time (for fewer than {@value #BLOCK} rows). */
    private static void singlesMasked(float[] x, int base, int stride, int rows, int at, float[] kernel, int kOff,
            int w, int left, float[] out, int o, int outW, float bias) {
        // Lanes of the three taps outside the input row: input column c + lane not in [0, w).
        int c = at - left;
        VectorMask<Float> m0 = MASK_EXACT.cast(VectorMask.fromArray(S, OUTSIDE, before(c)))
                .or(VectorMask.fromArray(S, OUTSIDE, after(c, w)));
        VectorMask<Float> m1 = MASK_EXACT.cast(VectorMask.fromArray(S, OUTSIDE, before(c + 1)))
                .or(VectorMask.fromArray(S, OUTSIDE, after(c + 1, w)));
        VectorMask<Float> m2 = MASK_EXACT.cast(VectorMask.fromArray(S, OUTSIDE, before(c + 2)))
                .or(VectorMask.fromArray(S, OUTSIDE, after(c + 2, w)));
        FloatVector k00 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff]));
        FloatVector k01 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 1]));
        FloatVector k02 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 2]));
        FloatVector k10 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 3]));
        FloatVector k11 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 4]));
        FloatVector k12 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 5]));
        FloatVector k20 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 6]));
        FloatVector k21 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 7]));
        FloatVector k22 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 8]));
        FloatVector b = EXACT.cast(FloatVector.broadcast(S, bias));
        for (int i = 0; i < rows; i++) {
            int r0 = base + i * stride;
            int r1 = r0 + stride;
            int r2 = r1 + stride;
            FloatVector p = k00.fma(EXACT.cast(FloatVector.fromArray(S, x, r0)).blend(0f, m0), b);
            p = k01.fma(EXACT.cast(FloatVector.fromArray(S, x, r0 + 1)).blend(0f, m1), p);
            p = k02.fma(EXACT.cast(FloatVector.fromArray(S, x, r0 + 2)).blend(0f, m2), p);
            p = k10.fma(EXACT.cast(FloatVector.fromArray(S, x, r1)).blend(0f, m0), p);
            p = k11.fma(EXACT.cast(FloatVector.fromArray(S, x, r1 + 1)).blend(0f, m1), p);
            p = k12.fma(EXACT.cast(FloatVector.fromArray(S, x, r1 + 2)).blend(0f, m2), p);
            p = k20.fma(EXACT.cast(FloatVector.fromArray(S, x, r2)).blend(0f, m0), p);
            p = k21.fma(EXACT.cast(FloatVector.fromArray(S, x, r2 + 1)).blend(0f, m1), p);
            p = k22.fma(EXACT.cast(FloatVector.fromArray(S, x, r2 + 2)).blend(0f, m2), p);
            EXACT.cast(p).intoArray(out, o);
            o += outW;
        }
    }

    /**
     * {@link #singlesMasked} with dilation: row {@code i} reads {@code x[base + i stride + ky step ..]},
     * tap {@code kx} at {@code + kx dw} (dilated rows share no input rows).
     */
    private static void dilatedMasked(float[] x, int base, int stride, int step, int rows, int at,
            float[] kernel, int kOff, int dw, int w, int left, float[] out, int o, int outW, float bias) {
        int d1 = dw;
        int d2 = 2 * dw;
        // Lanes of the three taps outside the input row: input column c + lane not in [0, w).
        int c = at - left;
        VectorMask<Float> m0 = MASK_EXACT.cast(VectorMask.fromArray(S, OUTSIDE, before(c)))
                .or(VectorMask.fromArray(S, OUTSIDE, after(c, w)));
        VectorMask<Float> m1 = MASK_EXACT.cast(VectorMask.fromArray(S, OUTSIDE, before(c + d1)))
                .or(VectorMask.fromArray(S, OUTSIDE, after(c + d1, w)));
        VectorMask<Float> m2 = MASK_EXACT.cast(VectorMask.fromArray(S, OUTSIDE, before(c + d2)))
                .or(VectorMask.fromArray(S, OUTSIDE, after(c + d2, w)));
        FloatVector k00 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff]));
        FloatVector k01 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 1]));
        FloatVector k02 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 2]));
        FloatVector k10 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 3]));
        FloatVector k11 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 4]));
        FloatVector k12 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 5]));
        FloatVector k20 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 6]));
        FloatVector k21 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 7]));
        FloatVector k22 = EXACT.cast(FloatVector.broadcast(S, kernel[kOff + 8]));
        FloatVector b = EXACT.cast(FloatVector.broadcast(S, bias));
        for (int i = 0; i < rows; i++) {
            int r0 = base + i * stride;
            int r1 = r0 + step;
            int r2 = r1 + step;
            FloatVector p = k00.fma(EXACT.cast(FloatVector.fromArray(S, x, r0)).blend(0f, m0), b);
            p = k01.fma(EXACT.cast(FloatVector.fromArray(S, x, r0 + d1)).blend(0f, m1), p);
            p = k02.fma(EXACT.cast(FloatVector.fromArray(S, x, r0 + d2)).blend(0f, m2), p);
            p = k10.fma(EXACT.cast(FloatVector.fromArray(S, x, r1)).blend(0f, m0), p);
            p = k11.fma(EXACT.cast(FloatVector.fromArray(S, x, r1 + d1)).blend(0f, m1), p);
            p = k12.fma(EXACT.cast(FloatVector.fromArray(S, x, r1 + d2)).blend(0f, m2), p);
            p = k20.fma(EXACT.cast(FloatVector.fromArray(S, x, r2)).blend(0f, m0), p);
            p = k21.fma(EXACT.cast(FloatVector.fromArray(S, x, r2 + d1)).blend(0f, m1), p);
            p = k22.fma(EXACT.cast(FloatVector.fromArray(S, x, r2 + d2)).blend(0f, m2), p);
            EXACT.cast(p).intoArray(out, o);
            o += outW;
        }
    }
}
