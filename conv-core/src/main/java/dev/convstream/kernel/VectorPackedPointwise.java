package dev.convstream.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 1x1 conv ({@code k = 1}) with its weights packed once ({@link StreamingConvKernel#fix}): the
 * {@code k = 3} packing of {@link VectorPackedStreamingConv} for a WaveNet layer's residual 1x1
 * ({@code y = h + W z + b}, written into the next layer's history: {@link #correlateOnto}) and the
 * other pointwise convs of the block path (rechannel, head). The general tile addresses four
 * weight rows and runs a tap counter that, with {@code k = 1}, resets every step; here the 4
 * weights of a step are one address plus constants ({@code [cout/4][cin][4]}) and the input index
 * is linear in the channel.
 *
 * <p>Each output's sum has {@link VectorStreamingConv}'s order (the base, then the channels, then
 * the bias), so the frames this class leaves to the general kernel (the last {@code n mod 64},
 * rows past a multiple of 4) and those it computes have the same bits. One tile method, from zero
 * or from a base (see {@link #tile} for why not two). Receivers cast to {@code EXACT} as in
 * {@link VectorStreamingConv} (no type profiles needed: scripts/jit17/profile-less-kernels.sh).
 */
final class VectorPackedPointwise implements StreamingConvKernel.Fixed {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector ZERO = FloatVector.zero(S);
    private static final VectorMask<Float> ALL = S.maskAll(true);
    @SuppressWarnings("unchecked")
    private static final Class<FloatVector> EXACT = (Class<FloatVector>) (Class<?>) S.vectorType();
    static final int ROWS = 4;
    /** Frames of one tile: 4 vectors. */
    static final int FRAMES = 4 * L;

    private final int cout;
    private final int cin;
    private final float[] w;
    private final float[] bias;
    private final float[] packed;
    private final int packedRows;
    private final StreamingConvKernel general;

    /** @param general the kernel for what the tiles do not cover, with the same sum order */
    VectorPackedPointwise(StreamingConvKernel general, int cout, int cin, float[] w, int wOff, float[] bias, int bOff) {
        StreamingConvKernel.check(cout, cin, 1, 1, w, wOff, bias, bOff, w, 0, 0, null, 0, 0, w, 0, 0, 0);
        this.general = general;
        this.cout = cout;
        this.cin = cin;
        this.w = java.util.Arrays.copyOfRange(w, wOff, wOff + cout * cin);
        this.bias = bias == null ? null : java.util.Arrays.copyOfRange(bias, bOff, bOff + cout);
        this.packedRows = cout - cout % ROWS;
        this.packed = new float[packedRows * cin];
        for (int o = 0; o < packedRows; o++) {
            for (int ch = 0; ch < cin; ch++) {
                packed[((o / ROWS) * cin + ch) * ROWS + o % ROWS] = this.w[o * cin + ch];
            }
        }
    }

    /** Whether this class serves the shape: {@code k = 1} and at least one group of 4 outputs. */
    static boolean serves(int cout, int k) {
        return k == 1 && cout >= ROWS;
    }

    @Override
    public void correlate(float[] x, int xOff, int xStride, float[] y, int yOff, int yStride, int n) {
        correlateOnto(x, xOff, xStride, null, 0, 0, y, yOff, yStride, n);
    }

    @Override
    public void correlateOnto(float[] x, int xOff, int xStride, float[] base, int baseOff, int baseStride,
                              float[] y, int yOff, int yStride, int n) {
        StreamingConvKernel.checkData(cout, cin, 1, 1, x, xOff, xStride, base, baseOff, baseStride,
                y, yOff, yStride, n);
        int tiled = n - n % FRAMES;
        int step = cin * ROWS;
        for (int j = 0; j < tiled; j += FRAMES) {
            for (int o = 0; o < packedRows; o += ROWS) {
                tile(packed, (o / ROWS) * step, cin, xStride, x, xOff + j,
                        base, baseOff + o * baseStride + j, baseStride,
                        y, yOff + o * yStride + j, yStride, bias, o);
            }
        }
        if (tiled > 0 && packedRows < cout) {
            general.correlate(cout - packedRows, cin, 1, 1, w, packedRows * cin, bias, packedRows,
                    x, xOff, xStride, base, baseOff + packedRows * baseStride, baseStride,
                    y, yOff + packedRows * yStride, yStride, tiled);
        }
        if (tiled < n) {
            general.correlate(cout, cin, 1, 1, w, 0, bias, 0, x, xOff + tiled, xStride,
                    base, baseOff + tiled, baseStride, y, yOff + tiled, yStride, n - tiled);
        }
    }

    /** No WaveNet step has a 1x1 with a mixin: the general kernel. */
    @Override
    public void correlateWithMixin(float[] x, int xOff, int xStride, float[] m, int mOff, float[] c, int cOff,
                                   float[] y, int yOff, int yStride, int n) {
        general.correlateWithMixin(cout, cin, 1, 1, w, 0, bias, 0, x, xOff, xStride, m, mOff, c, cOff,
                y, yOff, yStride, n);
    }

    /**
     * Outputs {@code o..o+3} (weights from {@code wp}, 4 floats per input channel), 4 vectors from
     * {@code xi}, starting from {@code base} (rows {@code si}, {@code si + sStride}, ...) or from zero
     * when it is null. Every base vector is loaded before the tile's stores, so base may be y at the
     * same range. One method for both starts (as {@code VectorStreamingConv.tile4x4}), not two: a
     * WaveNet block runs both, and each tile method is one more C2 compile that `live`'s warm-up
     * waits for (docs/live.md).
     */
    private static void tile(float[] wp, int wi, int cin, int xStride, float[] x, int xi,
                             float[] base, int si, int sStride,
                             float[] y, int yi, int yStride, float[] bias, int bi) {
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
        for (int ch = 0; ch < cin; ch++) {
            int xa = xi + ch * xStride;
            int wa = wi + ch * ROWS;
            FloatVector x0 = FloatVector.fromArray(S, x, xa);
            FloatVector x1 = FloatVector.fromArray(S, x, xa + L);
            FloatVector x2 = FloatVector.fromArray(S, x, xa + 2 * L);
            FloatVector x3 = FloatVector.fromArray(S, x, xa + 3 * L);
            FloatVector b = EXACT.cast(FloatVector.broadcast(S, wp[wa]));
            a00 = b.fma(x0, a00); a01 = b.fma(x1, a01); a02 = b.fma(x2, a02); a03 = b.fma(x3, a03);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 1]));
            a10 = b.fma(x0, a10); a11 = b.fma(x1, a11); a12 = b.fma(x2, a12); a13 = b.fma(x3, a13);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 2]));
            a20 = b.fma(x0, a20); a21 = b.fma(x1, a21); a22 = b.fma(x2, a22); a23 = b.fma(x3, a23);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 3]));
            a30 = b.fma(x0, a30); a31 = b.fma(x1, a31); a32 = b.fma(x2, a32); a33 = b.fma(x3, a33);
        }
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
        int y1 = yi + yStride;
        int y2 = y1 + yStride;
        int y3 = y2 + yStride;
        EXACT.cast(a00).intoArray(y, yi); EXACT.cast(a01).intoArray(y, yi + L); EXACT.cast(a02).intoArray(y, yi + 2 * L); EXACT.cast(a03).intoArray(y, yi + 3 * L);
        EXACT.cast(a10).intoArray(y, y1); EXACT.cast(a11).intoArray(y, y1 + L); EXACT.cast(a12).intoArray(y, y1 + 2 * L); EXACT.cast(a13).intoArray(y, y1 + 3 * L);
        EXACT.cast(a20).intoArray(y, y2); EXACT.cast(a21).intoArray(y, y2 + L); EXACT.cast(a22).intoArray(y, y2 + 2 * L); EXACT.cast(a23).intoArray(y, y2 + 3 * L);
        EXACT.cast(a30).intoArray(y, y3); EXACT.cast(a31).intoArray(y, y3 + L); EXACT.cast(a32).intoArray(y, y3 + 2 * L); EXACT.cast(a33).intoArray(y, y3 + 3 * L);
    }
}
