package dev.convstream.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link StreamingConvKernel} on the Vector API: output channels x time as an outer product. A
 * tile of {@value #ROWS} output channels by {@value #COLS} time vectors ({@code 4 x 64} frames
 * with AVX-512) keeps its 16 accumulators in registers; for each (input channel, tap) it loads
 * {@value #COLS} vectors straight from the history (they are contiguous: taps are fixed offsets),
 * broadcasts {@value #ROWS} weights, and does 16 independent FMAs. Input vectors are reused by
 * 4 rows and weights by 4 vectors, so loads stay well below the FMA rate.
 *
 * <p>JDK 17 pitfalls avoided (as in {@link VectorDepthwise}): vectors never cross a method
 * boundary (each tile loads, loops and stores in one call-free method), the (channel, tap) loop
 * is one flat loop so the accumulators are not carried through nested loops (C2 kept them boxed),
 * and there are no masks: a partial last vector is recomputed ending at frame n (the overlap
 * gets identical values), or done by scalar code when the sum starts from y itself (recomputing
 * would add twice).
 *
 * <p>The five tiles are written by hand, not generated as VectorGemm's micro-kernels are: they
 * are not one template with a size parameter but five shapes tuned one by one (tile4x4 loads
 * its input vectors once and reuses them across rows, tile1x4 loads inline, tile8x1 addresses
 * weights by multiples of depth, tile4x1 by row offsets), so a generator would either spell out
 * the five variants (no less text than the tiles) or unify their addressing, which changes the
 * hot loop and would first have to be benchmarked against these.
 */
final class VectorStreamingConv implements StreamingConvKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Without a bias the accumulators are copied into the output through a blend of all lanes from
     * {@code acc} into {@link #ZERO}: a receiver C2 types exactly (a constant), so the copy, like the
     * bias add, needs no type profile (see {@link #EXACT}).
     */
    private static final FloatVector ZERO = FloatVector.zero(S);
    private static final VectorMask<Float> ALL = S.maskAll(true);
    /**
     * The species' vector class ({@code Float512Vector} with AVX-512). Every Vector API call in the
     * tiles has a receiver cast to it: the broadcast weight of each FMA (the weight is the receiver,
     * {@code w.fma(x, acc)}: the same exact product as {@code x.fma(w, acc)}, so the same bits), the
     * broadcast bias of the add, the accumulator of each store. Why: JDK 17's C2 (and 25's) expands
     * the Vector API intrinsics late, so while it parses a tile every vector is typed as the declared
     * {@code FloatVector}, and a call such as {@code fma} or {@code intoArray} reaches the
     * intrinsic only through a virtual call ({@code lanewise}, {@code intoArray0}, {@code length})
     * that C2 binds by the receiver type profile of the JDK's own method. Without that profile the
     * call stays virtual, the intrinsic fails ("VectorSupport::store failed to inline (intrinsic)",
     * "FloatVector::lanewise virtual call") and every vector is boxed: the signature of the 3x
     * slower JDK 17 JVMs of the tier 2 -> tier 4 path (docs/live.md, "The conv tile's tier-2
     * path"). {@code Class.cast} of a constant class is a C2 intrinsic whose result C2 types
     * exactly, so the calls bind without any profile (the arguments are sharpened by the Vector
     * API's own class check), and the same-run timings show no cost for the check. C1's tier-3
     * compile stays as it was; typing the receivers through the constant {@link #ZERO} instead
     * ({@code ZERO.broadcast(w)}) also served C2, but let C1 inline every chain, and its tier-3
     * compile of the 4x4 tile ran out of virtual registers, leaving the tile at tier 2 (23 us per
     * sample). BENCHMARKS.md, "JDK 17: the tiles without type profiles"; checked by
     * {@code scripts/jit17/profile-less-kernels.sh}.
     */
    @SuppressWarnings("unchecked")
    private static final Class<FloatVector> EXACT = (Class<FloatVector>) (Class<?>) S.vectorType();
    static final int ROWS = 4;
    static final int COLS = 4;

    /*
     * No forOutputs/forShape of its own: the tiles serve every shape on every JDK. Until session
     * 30 the single-row tiles (fewer than ROWS outputs) ran on JDK 25 only: JDK 17's C2 had
     * compiled tile1x4 boxing (stores not intrinsified, JFR: allocation under tile1x4 in the
     * convolver's single-channel head), and a dot-product kernel (VectorDotStreamingConv) or the
     * scalar one ran there instead. That was the type-profile defect EXACT now removes; with it,
     * JDK 17 runs the single-channel FIR 1.4x (1,279 taps) to 3.4x (64 taps) faster on the tiles
     * than on the dot-product kernel, and A1 standard and case (g) the same (same-run A/B,
     * BENCHMARKS.md "Session 30: every hot vector kernel without type profiles").
     */
    VectorStreamingConv() {
    }

    /**
     * At least 4 outputs: {@link VectorPackedStreamingConv} for {@code k = 3},
     * {@link VectorPackedPointwise} for {@code k = 1}; the rest as it is.
     */
    @Override
    public Fixed fix(int cout, int cin, int k, int dilation, float[] w, int wOff, float[] bias, int bOff) {
        if (VectorPackedStreamingConv.serves(cout, k)) {
            return new VectorPackedStreamingConv(this, cout, cin, dilation, w, wOff, bias, bOff);
        }
        if (VectorPackedPointwise.serves(cout, k)) {
            return new VectorPackedPointwise(this, cout, cin, w, wOff, bias, bOff);
        }
        return StreamingConvKernel.super.fix(cout, cin, k, dilation, w, wOff, bias, bOff);
    }

    @Override
    public void correlate(int cout, int cin, int k, int dilation, float[] w, int wOff, float[] bias, int bOff,
                          float[] x, int xOff, int xStride, float[] base, int baseOff, int baseStride,
                          float[] y, int yOff, int yStride, int n) {
        StreamingConvKernel.check(cout, cin, k, dilation, w, wOff, bias, bOff, x, xOff, xStride,
                base, baseOff, baseStride, y, yOff, yStride, n);
        run(cout, cin, k, dilation, w, wOff, bias, bOff, x, xOff, xStride, base, baseOff, baseStride,
                null, 0, null, 0, y, yOff, yStride, n);
    }

    /**
     * Fused: each tile adds {@code c * m[o]} to its accumulators after the bias, before its one
     * store, with the FMA the separate 1x1 call would make, so the bits are those of the two calls.
     */
    @Override
    public void correlateWithMixin(int cout, int cin, int k, int dilation, float[] w, int wOff, float[] bias,
                                   int bOff, float[] x, int xOff, int xStride, float[] m, int mOff,
                                   float[] c, int cOff, float[] y, int yOff, int yStride, int n) {
        StreamingConvKernel.check(cout, cin, k, dilation, w, wOff, bias, bOff, x, xOff, xStride,
                null, 0, 0, y, yOff, yStride, n);
        StreamingConvKernel.checkMixin(cout, m, mOff, c, cOff, y, n);
        run(cout, cin, k, dilation, w, wOff, bias, bOff, x, xOff, xStride, null, 0, 0, m, mOff, c, cOff,
                y, yOff, yStride, n);
    }

    private void run(int cout, int cin, int k, int dilation, float[] w, int wOff, float[] bias, int bOff,
                     float[] x, int xOff, int xStride, float[] base, int baseOff, int baseStride,
                     float[] m, int mOff, float[] c, int cOff, float[] y, int yOff, int yStride, int n) {
        // When base is y, recomputing an overlapped vector would add twice: no pull-back.
        boolean inPlace = StreamingConvKernel.inPlace(base, baseOff, y, yOff);
        int depth = cin * k;
        int x0 = xOff - dilation * (k - 1);
        // From the last tap of channel c to the first tap of channel c + 1.
        int xStep = xStride - k * dilation;
        int full = n - n % L;
        int j = 0;
        for (; j + COLS * L <= full; j += COLS * L) {
            int o = 0;
            for (; o + ROWS <= cout; o += ROWS) {
                tile4x4(w, wOff + o * depth, depth, k, dilation, xStep, x, x0 + j,
                        base, baseOff + o * baseStride + j, baseStride, m, mOff + o, c, cOff + j,
                        y, yOff + o * yStride + j, yStride,
                        bias, bOff + o);
            }
            for (; o < cout; o++) {
                tile1x4(w, wOff + o * depth, depth, k, dilation, xStep, x, x0 + j,
                        base, baseOff + o * baseStride + j, m, mOff + o, c, cOff + j,
                        y, yOff + o * yStride + j, bias, bOff + o);
            }
        }
        if (j < n && (full > j || !inPlace && n >= L)) {
            // Single vectors; unless in place, the last one is pulled back to end at n.
            int end = inPlace ? full : n;
            for (; j < end; j += L) {
                int at = Math.min(j, n - L);
                int o = 0;
                for (; o + 2 * ROWS <= cout; o += 2 * ROWS) {
                    tile8x1(w, wOff + o * depth, depth, k, dilation, xStep, x, x0 + at,
                            base, baseOff + o * baseStride + at, baseStride, m, mOff + o, c, cOff + at,
                            y, yOff + o * yStride + at, yStride,
                            bias, bOff + o);
                }
                for (; o + ROWS <= cout; o += ROWS) {
                    tile4x1(w, wOff + o * depth, depth, k, dilation, xStep, x, x0 + at,
                            base, baseOff + o * baseStride + at, baseStride, m, mOff + o, c, cOff + at,
                            y, yOff + o * yStride + at, yStride,
                            bias, bOff + o);
                }
                for (; o < cout; o++) {
                    tile1x1(w, wOff + o * depth, depth, k, dilation, xStep, x, x0 + at,
                            base, baseOff + o * baseStride + at, m, mOff + o, c, cOff + at,
                            y, yOff + o * yStride + at, bias, bOff + o);
                }
            }
            j = end;
        }
        if (j < n) {
            scalarFrames(cout, cin, k, dilation, w, wOff, bias, bOff, x, xOff, xStride, base, baseOff, baseStride,
                    m, mOff, c, cOff, y, yOff, yStride, j, n);
        }
    }

    private static void tile4x4(float[] w, int wi, int depth, int k, int d, int xStep, float[] x, int xi,
                                float[] base, int si, int sStride, float[] m, int mi, float[] c, int ci,
                                float[] y, int yi, int yStride,
                                float[] bias, int bi) {
        FloatVector a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33;
        if (base != null) {
            int s1 = si + sStride;
            int s2 = s1 + sStride;
            int s3 = s2 + sStride;
            a00 = FloatVector.fromArray(S, base, si);
            a01 = FloatVector.fromArray(S, base, si + L);
            a02 = FloatVector.fromArray(S, base, si + 2 * L);
            a03 = FloatVector.fromArray(S, base, si + 3 * L);
            a10 = FloatVector.fromArray(S, base, s1);
            a11 = FloatVector.fromArray(S, base, s1 + L);
            a12 = FloatVector.fromArray(S, base, s1 + 2 * L);
            a13 = FloatVector.fromArray(S, base, s1 + 3 * L);
            a20 = FloatVector.fromArray(S, base, s2);
            a21 = FloatVector.fromArray(S, base, s2 + L);
            a22 = FloatVector.fromArray(S, base, s2 + 2 * L);
            a23 = FloatVector.fromArray(S, base, s2 + 3 * L);
            a30 = FloatVector.fromArray(S, base, s3);
            a31 = FloatVector.fromArray(S, base, s3 + L);
            a32 = FloatVector.fromArray(S, base, s3 + 2 * L);
            a33 = FloatVector.fromArray(S, base, s3 + 3 * L);
        } else {
            a00 = FloatVector.zero(S);
            a01 = a00; a02 = a00; a03 = a00;
            a10 = a00; a11 = a00; a12 = a00; a13 = a00;
            a20 = a00; a21 = a00; a22 = a00; a23 = a00;
            a30 = a00; a31 = a00; a32 = a00; a33 = a00;
        }
        int w1 = wi + depth;
        int w2 = w1 + depth;
        int w3 = w2 + depth;
        int tap = 0;
        for (int p = 0; p < depth; p++) {
            FloatVector x0 = FloatVector.fromArray(S, x, xi);
            FloatVector x1 = FloatVector.fromArray(S, x, xi + L);
            FloatVector x2 = FloatVector.fromArray(S, x, xi + 2 * L);
            FloatVector x3 = FloatVector.fromArray(S, x, xi + 3 * L);
            FloatVector b = EXACT.cast(FloatVector.broadcast(S, w[wi + p]));
            a00 = b.fma(x0, a00);
            a01 = b.fma(x1, a01);
            a02 = b.fma(x2, a02);
            a03 = b.fma(x3, a03);
            b = EXACT.cast(FloatVector.broadcast(S, w[w1 + p]));
            a10 = b.fma(x0, a10);
            a11 = b.fma(x1, a11);
            a12 = b.fma(x2, a12);
            a13 = b.fma(x3, a13);
            b = EXACT.cast(FloatVector.broadcast(S, w[w2 + p]));
            a20 = b.fma(x0, a20);
            a21 = b.fma(x1, a21);
            a22 = b.fma(x2, a22);
            a23 = b.fma(x3, a23);
            b = EXACT.cast(FloatVector.broadcast(S, w[w3 + p]));
            a30 = b.fma(x0, a30);
            a31 = b.fma(x1, a31);
            a32 = b.fma(x2, a32);
            a33 = b.fma(x3, a33);
            xi += d;
            if (++tap == k) {
                tap = 0;
                xi += xStep;
            }
        }
        int y1 = yi + yStride;
        int y2 = y1 + yStride;
        int y3 = y2 + yStride;
        if (bias != null) {
            FloatVector b = EXACT.cast(FloatVector.broadcast(S, bias[bi]));
            a00 = b.add(a00); a01 = b.add(a01); a02 = b.add(a02); a03 = b.add(a03);
            b = EXACT.cast(FloatVector.broadcast(S, bias[bi + 1]));
            a10 = b.add(a10); a11 = b.add(a11); a12 = b.add(a12); a13 = b.add(a13);
            b = EXACT.cast(FloatVector.broadcast(S, bias[bi + 2]));
            a20 = b.add(a20); a21 = b.add(a21); a22 = b.add(a22); a23 = b.add(a23);
            b = EXACT.cast(FloatVector.broadcast(S, bias[bi + 3]));
            a30 = b.add(a30); a31 = b.add(a31); a32 = b.add(a32); a33 = b.add(a33);
        } else {
            a00 = ZERO.blend(a00, ALL); a01 = ZERO.blend(a01, ALL); a02 = ZERO.blend(a02, ALL); a03 = ZERO.blend(a03, ALL);
            a10 = ZERO.blend(a10, ALL); a11 = ZERO.blend(a11, ALL); a12 = ZERO.blend(a12, ALL); a13 = ZERO.blend(a13, ALL);
            a20 = ZERO.blend(a20, ALL); a21 = ZERO.blend(a21, ALL); a22 = ZERO.blend(a22, ALL); a23 = ZERO.blend(a23, ALL);
            a30 = ZERO.blend(a30, ALL); a31 = ZERO.blend(a31, ALL); a32 = ZERO.blend(a32, ALL); a33 = ZERO.blend(a33, ALL);
        }
        if (m != null) {
            FloatVector c0 = FloatVector.fromArray(S, c, ci);
            FloatVector c1 = FloatVector.fromArray(S, c, ci + L);
            FloatVector c2 = FloatVector.fromArray(S, c, ci + 2 * L);
            FloatVector c3 = FloatVector.fromArray(S, c, ci + 3 * L);
            FloatVector b = EXACT.cast(FloatVector.broadcast(S, m[mi]));
            a00 = b.fma(c0, a00); a01 = b.fma(c1, a01); a02 = b.fma(c2, a02); a03 = b.fma(c3, a03);
            b = EXACT.cast(FloatVector.broadcast(S, m[mi + 1]));
            a10 = b.fma(c0, a10); a11 = b.fma(c1, a11); a12 = b.fma(c2, a12); a13 = b.fma(c3, a13);
            b = EXACT.cast(FloatVector.broadcast(S, m[mi + 2]));
            a20 = b.fma(c0, a20); a21 = b.fma(c1, a21); a22 = b.fma(c2, a22); a23 = b.fma(c3, a23);
            b = EXACT.cast(FloatVector.broadcast(S, m[mi + 3]));
            a30 = b.fma(c0, a30); a31 = b.fma(c1, a31); a32 = b.fma(c2, a32); a33 = b.fma(c3, a33);
        }
        EXACT.cast(a00).intoArray(y, yi);
        EXACT.cast(a01).intoArray(y, yi + L);
        EXACT.cast(a02).intoArray(y, yi + 2 * L);
        EXACT.cast(a03).intoArray(y, yi + 3 * L);
        EXACT.cast(a10).intoArray(y, y1);
        EXACT.cast(a11).intoArray(y, y1 + L);
        EXACT.cast(a12).intoArray(y, y1 + 2 * L);
        EXACT.cast(a13).intoArray(y, y1 + 3 * L);
        EXACT.cast(a20).intoArray(y, y2);
        EXACT.cast(a21).intoArray(y, y2 + L);
        EXACT.cast(a22).intoArray(y, y2 + 2 * L);
        EXACT.cast(a23).intoArray(y, y2 + 3 * L);
        EXACT.cast(a30).intoArray(y, y3);
        EXACT.cast(a31).intoArray(y, y3 + L);
        EXACT.cast(a32).intoArray(y, y3 + 2 * L);
        EXACT.cast(a33).intoArray(y, y3 + 3 * L);
    }

    /**
     * 8 channels by one vector: for blocks shorter than {@value #COLS} vectors, 8 independent
     * accumulators hide the FMA latency that 4 would leave exposed.
     */
    private static void tile8x1(float[] w, int wi, int depth, int k, int d, int xStep, float[] x, int xi,
                                float[] base, int si, int sStride, float[] m, int mi, float[] c, int ci,
                                float[] y, int yi, int yStride,
                                float[] bias, int bi) {
        FloatVector a0, a1, a2, a3, a4, a5, a6, a7;
        if (base != null) {
            a0 = FloatVector.fromArray(S, base, si);
            a1 = FloatVector.fromArray(S, base, si + sStride);
            a2 = FloatVector.fromArray(S, base, si + 2 * sStride);
            a3 = FloatVector.fromArray(S, base, si + 3 * sStride);
            a4 = FloatVector.fromArray(S, base, si + 4 * sStride);
            a5 = FloatVector.fromArray(S, base, si + 5 * sStride);
            a6 = FloatVector.fromArray(S, base, si + 6 * sStride);
            a7 = FloatVector.fromArray(S, base, si + 7 * sStride);
        } else {
            a0 = FloatVector.zero(S);
            a1 = a0; a2 = a0; a3 = a0; a4 = a0; a5 = a0; a6 = a0; a7 = a0;
        }
        int tap = 0;
        for (int p = 0; p < depth; p++) {
            FloatVector x0 = FloatVector.fromArray(S, x, xi);
            int wp = wi + p;
            a0 = EXACT.cast(FloatVector.broadcast(S, w[wp])).fma(x0, a0);
            a1 = EXACT.cast(FloatVector.broadcast(S, w[wp + depth])).fma(x0, a1);
            a2 = EXACT.cast(FloatVector.broadcast(S, w[wp + 2 * depth])).fma(x0, a2);
            a3 = EXACT.cast(FloatVector.broadcast(S, w[wp + 3 * depth])).fma(x0, a3);
            a4 = EXACT.cast(FloatVector.broadcast(S, w[wp + 4 * depth])).fma(x0, a4);
            a5 = EXACT.cast(FloatVector.broadcast(S, w[wp + 5 * depth])).fma(x0, a5);
            a6 = EXACT.cast(FloatVector.broadcast(S, w[wp + 6 * depth])).fma(x0, a6);
            a7 = EXACT.cast(FloatVector.broadcast(S, w[wp + 7 * depth])).fma(x0, a7);
            xi += d;
            if (++tap == k) {
                tap = 0;
                xi += xStep;
            }
        }
        if (bias != null) {
            a0 = EXACT.cast(FloatVector.broadcast(S, bias[bi])).add(a0);
            a1 = EXACT.cast(FloatVector.broadcast(S, bias[bi + 1])).add(a1);
            a2 = EXACT.cast(FloatVector.broadcast(S, bias[bi + 2])).add(a2);
            a3 = EXACT.cast(FloatVector.broadcast(S, bias[bi + 3])).add(a3);
            a4 = EXACT.cast(FloatVector.broadcast(S, bias[bi + 4])).add(a4);
            a5 = EXACT.cast(FloatVector.broadcast(S, bias[bi + 5])).add(a5);
            a6 = EXACT.cast(FloatVector.broadcast(S, bias[bi + 6])).add(a6);
            a7 = EXACT.cast(FloatVector.broadcast(S, bias[bi + 7])).add(a7);
        } else {
            a0 = ZERO.blend(a0, ALL);
            a1 = ZERO.blend(a1, ALL);
            a2 = ZERO.blend(a2, ALL);
            a3 = ZERO.blend(a3, ALL);
            a4 = ZERO.blend(a4, ALL);
            a5 = ZERO.blend(a5, ALL);
            a6 = ZERO.blend(a6, ALL);
            a7 = ZERO.blend(a7, ALL);
        }
        if (m != null) {
            FloatVector c0 = FloatVector.fromArray(S, c, ci);
            a0 = EXACT.cast(FloatVector.broadcast(S, m[mi])).fma(c0, a0);
            a1 = EXACT.cast(FloatVector.broadcast(S, m[mi + 1])).fma(c0, a1);
            a2 = EXACT.cast(FloatVector.broadcast(S, m[mi + 2])).fma(c0, a2);
            a3 = EXACT.cast(FloatVector.broadcast(S, m[mi + 3])).fma(c0, a3);
            a4 = EXACT.cast(FloatVector.broadcast(S, m[mi + 4])).fma(c0, a4);
            a5 = EXACT.cast(FloatVector.broadcast(S, m[mi + 5])).fma(c0, a5);
            a6 = EXACT.cast(FloatVector.broadcast(S, m[mi + 6])).fma(c0, a6);
            a7 = EXACT.cast(FloatVector.broadcast(S, m[mi + 7])).fma(c0, a7);
        }
        EXACT.cast(a0).intoArray(y, yi);
        EXACT.cast(a1).intoArray(y, yi + yStride);
        EXACT.cast(a2).intoArray(y, yi + 2 * yStride);
        EXACT.cast(a3).intoArray(y, yi + 3 * yStride);
        EXACT.cast(a4).intoArray(y, yi + 4 * yStride);
        EXACT.cast(a5).intoArray(y, yi + 5 * yStride);
        EXACT.cast(a6).intoArray(y, yi + 6 * yStride);
        EXACT.cast(a7).intoArray(y, yi + 7 * yStride);
    }

    private static void tile4x1(float[] w, int wi, int depth, int k, int d, int xStep, float[] x, int xi,
                                float[] base, int si, int sStride, float[] m, int mi, float[] c, int ci,
                                float[] y, int yi, int yStride,
                                float[] bias, int bi) {
        FloatVector a0, a1, a2, a3;
        if (base != null) {
            a0 = FloatVector.fromArray(S, base, si);
            a1 = FloatVector.fromArray(S, base, si + sStride);
            a2 = FloatVector.fromArray(S, base, si + 2 * sStride);
            a3 = FloatVector.fromArray(S, base, si + 3 * sStride);
        } else {
            a0 = FloatVector.zero(S);
            a1 = a0;
            a2 = a0;
            a3 = a0;
        }
        int w1 = wi + depth;
        int w2 = w1 + depth;
        int w3 = w2 + depth;
        int tap = 0;
        for (int p = 0; p < depth; p++) {
            FloatVector x0 = FloatVector.fromArray(S, x, xi);
            a0 = EXACT.cast(FloatVector.broadcast(S, w[wi + p])).fma(x0, a0);
            a1 = EXACT.cast(FloatVector.broadcast(S, w[w1 + p])).fma(x0, a1);
            a2 = EXACT.cast(FloatVector.broadcast(S, w[w2 + p])).fma(x0, a2);
            a3 = EXACT.cast(FloatVector.broadcast(S, w[w3 + p])).fma(x0, a3);
            xi += d;
            if (++tap == k) {
                tap = 0;
                xi += xStep;
            }
        }
        int y1 = yi + yStride;
        int y2 = y1 + yStride;
        int y3 = y2 + yStride;
        if (bias != null) {
            a0 = EXACT.cast(FloatVector.broadcast(S, bias[bi])).add(a0);
            a1 = EXACT.cast(FloatVector.broadcast(S, bias[bi + 1])).add(a1);
            a2 = EXACT.cast(FloatVector.broadcast(S, bias[bi + 2])).add(a2);
            a3 = EXACT.cast(FloatVector.broadcast(S, bias[bi + 3])).add(a3);
        } else {
            a0 = ZERO.blend(a0, ALL);
            a1 = ZERO.blend(a1, ALL);
            a2 = ZERO.blend(a2, ALL);
            a3 = ZERO.blend(a3, ALL);
        }
        if (m != null) {
            FloatVector c0 = FloatVector.fromArray(S, c, ci);
            a0 = EXACT.cast(FloatVector.broadcast(S, m[mi])).fma(c0, a0);
            a1 = EXACT.cast(FloatVector.broadcast(S, m[mi + 1])).fma(c0, a1);
            a2 = EXACT.cast(FloatVector.broadcast(S, m[mi + 2])).fma(c0, a2);
            a3 = EXACT.cast(FloatVector.broadcast(S, m[mi + 3])).fma(c0, a3);
        }
        EXACT.cast(a0).intoArray(y, yi);
        EXACT.cast(a1).intoArray(y, y1);
        EXACT.cast(a2).intoArray(y, y2);
        EXACT.cast(a3).intoArray(y, y3);
    }

    private static void tile1x4(float[] w, int wi, int depth, int k, int d, int xStep, float[] x, int xi,
                                float[] base, int si, float[] m, int mi, float[] c, int ci,
                                float[] y, int yi, float[] bias, int bi) {
        FloatVector a0, a1, a2, a3;
        if (base != null) {
            a0 = FloatVector.fromArray(S, base, si);
            a1 = FloatVector.fromArray(S, base, si + L);
            a2 = FloatVector.fromArray(S, base, si + 2 * L);
            a3 = FloatVector.fromArray(S, base, si + 3 * L);
        } else {
            a0 = FloatVector.zero(S);
            a1 = a0;
            a2 = a0;
            a3 = a0;
        }
        int tap = 0;
        for (int p = 0; p < depth; p++) {
            FloatVector b = EXACT.cast(FloatVector.broadcast(S, w[wi + p]));
            a0 = b.fma(FloatVector.fromArray(S, x, xi), a0);
            a1 = b.fma(FloatVector.fromArray(S, x, xi + L), a1);
            a2 = b.fma(FloatVector.fromArray(S, x, xi + 2 * L), a2);
            a3 = b.fma(FloatVector.fromArray(S, x, xi + 3 * L), a3);
            xi += d;
            if (++tap == k) {
                tap = 0;
                xi += xStep;
            }
        }
        if (bias != null) {
            FloatVector b = EXACT.cast(FloatVector.broadcast(S, bias[bi]));
            a0 = b.add(a0);
            a1 = b.add(a1);
            a2 = b.add(a2);
            a3 = b.add(a3);
        } else {
            a0 = ZERO.blend(a0, ALL);
            a1 = ZERO.blend(a1, ALL);
            a2 = ZERO.blend(a2, ALL);
            a3 = ZERO.blend(a3, ALL);
        }
        if (m != null) {
            FloatVector b = EXACT.cast(FloatVector.broadcast(S, m[mi]));
            a0 = b.fma(FloatVector.fromArray(S, c, ci), a0);
            a1 = b.fma(FloatVector.fromArray(S, c, ci + L), a1);
            a2 = b.fma(FloatVector.fromArray(S, c, ci + 2 * L), a2);
            a3 = b.fma(FloatVector.fromArray(S, c, ci + 3 * L), a3);
        }
        EXACT.cast(a0).intoArray(y, yi);
        EXACT.cast(a1).intoArray(y, yi + L);
        EXACT.cast(a2).intoArray(y, yi + 2 * L);
        EXACT.cast(a3).intoArray(y, yi + 3 * L);
    }

    private static void tile1x1(float[] w, int wi, int depth, int k, int d, int xStep, float[] x, int xi,
                                float[] base, int si, float[] m, int mi, float[] c, int ci,
                                float[] y, int yi, float[] bias, int bi) {
        FloatVector a = base != null ? FloatVector.fromArray(S, base, si) : FloatVector.zero(S);
        int tap = 0;
        for (int p = 0; p < depth; p++) {
            a = EXACT.cast(FloatVector.broadcast(S, w[wi + p])).fma(FloatVector.fromArray(S, x, xi), a);
            xi += d;
            if (++tap == k) {
                tap = 0;
                xi += xStep;
            }
        }
        if (bias != null) {
            a = EXACT.cast(FloatVector.broadcast(S, bias[bi])).add(a);
        } else {
            a = ZERO.blend(a, ALL);
        }
        if (m != null) {
            a = EXACT.cast(FloatVector.broadcast(S, m[mi])).fma(FloatVector.fromArray(S, c, ci), a);
        }
        EXACT.cast(a).intoArray(y, yi);
    }

    /** Frames {@code [from, n)} in plain Java (FMA, as the vector lanes do). */
    private static void scalarFrames(int cout, int cin, int k, int d, float[] w, int wOff, float[] bias, int bOff,
                                     float[] x, int xOff, int xStride, float[] base, int baseOff, int baseStride,
                                     float[] m, int mOff, float[] c, int cOff,
                                     float[] y, int yOff, int yStride, int from, int n) {
        for (int o = 0; o < cout; o++) {
            int wo = wOff + o * cin * k;
            int yo = yOff + o * yStride;
            int so = baseOff + o * baseStride;
            for (int j = from; j < n; j++) {
                float acc = base != null ? base[so + j] : 0f;
                for (int ch = 0; ch < cin; ch++) {
                    int xs = xOff + ch * xStride + j - d * (k - 1);
                    for (int t = 0; t < k; t++) {
                        acc = Math.fma(w[wo + ch * k + t], x[xs + t * d], acc);
                    }
                }
                float v = bias == null ? acc : acc + bias[bOff + o];
                y[yo + j] = m == null ? v : Math.fma(m[mOff + o], c[cOff + j], v);
            }
        }
    }
}
