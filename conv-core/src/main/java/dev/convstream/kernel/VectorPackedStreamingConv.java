package dev.convstream.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A streaming conv layer's {@code k = 3} convolution with its weights packed once
 * ({@link StreamingConvKernel#fix}): the vector family's {@link VectorStreamingConv} tile of 4
 * output channels by 4 time vectors, with less work around its FMAs. Issue 18's case (g) (16 -> 32
 * channels, dilation 64, blocks of 64) spends its time there: on a Sapphire Rapids-class Xeon
 * the general tile ran at ~60% of the FMA floor because each step of 16 FMAs carried ~35 other
 * instructions (four weight addresses, a tap counter, range checks on the input loads).
 * <ul>
 * <li>The weights of each group of 4 output channels are stored step by step
 *     ({@code [cout/4][cin*3][4]}), so a step's 4 broadcasts are one address plus constants.</li>
 * <li>The three taps of an input channel are one pass of the loop: its input indices are linear
 *     in the channel, with no tap counter, and C2 hoists their range checks.</li>
 * </ul>
 * The sum of each output is the general tile's, in the same order (channels, then taps, then the
 * bias), so frames this class leaves to {@link VectorStreamingConv} (the last {@code n mod 64}
 * frames, rows past a multiple of 4) and frames it computes have the same bits, whatever the block
 * cut. The tile takes no base and no mixin (a layer's conv from zero), which keeps the method small
 * enough for JDK 17's C1 ({@code 2,285} bytecodes with them: "out of virtual registers in linear
 * scan", and C2 never compiled it); a WaveNet layer's conv with its one-row input mixin has its
 * own method, {@link #tileMixin} (session 32: {@code model.Conv} fixes every conv's weights at
 * model construction), and a start from a base goes to the general kernel. Vectors never cross a method boundary, and the accumulators
 * leave the loop through one Vector API operation (the bias add, or a blend when there is none),
 * for JDK 17's C2 as in {@link VectorStreamingConv}. The two tiles are one loop nest with two
 * epilogues, written out by {@code conv-core/src/main/scripts/gen_packed_streaming_conv.py} (edit
 * the script, not the generated region; {@code scripts/generated-check.sh} fails CI otherwise).
 */
final class VectorPackedStreamingConv implements StreamingConvKernel.Fixed {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector ZERO = FloatVector.zero(S);
    private static final VectorMask<Float> ALL = S.maskAll(true);
    /** The exact vector class, for the casts that keep C2 from needing type profiles (see {@link VectorStreamingConv}). */
    @SuppressWarnings("unchecked")
    private static final Class<FloatVector> EXACT = (Class<FloatVector>) (Class<?>) S.vectorType();
    static final int K = 3;
    static final int ROWS = 4;
    /** Frames of one tile: 4 vectors. */
    static final int FRAMES = 4 * L;

    private final int cout;
    private final int cin;
    private final int dilation;
    private final float[] w;
    private final float[] bias;
    private final float[] packed;
    private final int packedRows;
    private final StreamingConvKernel general;

    /** @param general the kernel for what the tile does not cover, with the same sum order */
    VectorPackedStreamingConv(StreamingConvKernel general, int cout, int cin, int dilation,
                              float[] w, int wOff, float[] bias, int bOff) {
        StreamingConvKernel.check(cout, cin, K, dilation, w, wOff, bias, bOff, w, 0, 0, null, 0, 0, w, 0, 0, 0);
        this.general = general;
        this.cout = cout;
        this.cin = cin;
        this.dilation = dilation;
        int depth = cin * K;
        this.w = java.util.Arrays.copyOfRange(w, wOff, wOff + cout * depth);
        this.bias = bias == null ? null : java.util.Arrays.copyOfRange(bias, bOff, bOff + cout);
        this.packedRows = cout - cout % ROWS;
        this.packed = new float[packedRows * depth];
        for (int o = 0; o < packedRows; o++) {
            int group = o / ROWS;
            int r = o % ROWS;
            for (int p = 0; p < depth; p++) {
                packed[(group * depth + p) * ROWS + r] = this.w[o * depth + p];
            }
        }
    }

    /** Whether this class serves the shape: {@code k = 3} and at least one group of 4 outputs. */
    static boolean serves(int cout, int k) {
        return k == K && cout >= ROWS;
    }

    @Override
    public void correlate(float[] x, int xOff, int xStride, float[] y, int yOff, int yStride, int n) {
        StreamingConvKernel.checkData(cout, cin, K, dilation, x, xOff, xStride, null, 0, 0, y, yOff, yStride, n);
        int x0 = xOff - dilation * (K - 1);
        int tiled = n - n % FRAMES;
        int depth4 = cin * K * ROWS;
        for (int j = 0; j < tiled; j += FRAMES) {
            for (int o = 0; o < packedRows; o += ROWS) {
                tile(packed, (o / ROWS) * depth4, cin, dilation, xStride, x, x0 + j,
                        y, yOff + o * yStride + j, yStride, bias, o);
            }
        }
        if (tiled > 0 && packedRows < cout) {
            general.correlate(cout - packedRows, cin, K, dilation, w, packedRows * cin * K, bias, packedRows,
                    x, xOff, xStride, null, 0, 0, y, yOff + packedRows * yStride, yStride, tiled);
        }
        if (tiled < n) {
            general.correlate(cout, cin, K, dilation, w, 0, bias, 0, x, xOff + tiled, xStride, null, 0, 0,
                    y, yOff + tiled, yStride, n - tiled);
        }
    }

    /** From a base: the general kernel (no WaveNet step starts a k = 3 conv from anything but zero). */
    @Override
    public void correlateOnto(float[] x, int xOff, int xStride, float[] base, int baseOff, int baseStride,
                              float[] y, int yOff, int yStride, int n) {
        if (base == null) {
            correlate(x, xOff, xStride, y, yOff, yStride, n);
            return;
        }
        general.correlate(cout, cin, K, dilation, w, 0, bias, 0, x, xOff, xStride, base, baseOff, baseStride,
                y, yOff, yStride, n);
    }

    /**
     * A WaveNet layer's dilated conv with its one-row input mixin: the tile adds {@code c * m[o]}
     * after the bias, before its one store (the order of {@link VectorStreamingConv}'s fused tile,
     * so the same bits).
     */
    @Override
    public void correlateWithMixin(float[] x, int xOff, int xStride, float[] m, int mOff, float[] c, int cOff,
                                   float[] y, int yOff, int yStride, int n) {
        StreamingConvKernel.checkData(cout, cin, K, dilation, x, xOff, xStride, null, 0, 0, y, yOff, yStride, n);
        StreamingConvKernel.checkMixin(cout, m, mOff, c, cOff, y, n);
        if (bias == null) {
            general.correlateWithMixin(cout, cin, K, dilation, w, 0, null, 0, x, xOff, xStride, m, mOff, c, cOff,
                    y, yOff, yStride, n);
            return;
        }
        int x0 = xOff - dilation * (K - 1);
        int tiled = n - n % FRAMES;
        int depth4 = cin * K * ROWS;
        for (int j = 0; j < tiled; j += FRAMES) {
            for (int o = 0; o < packedRows; o += ROWS) {
                tileMixin(packed, (o / ROWS) * depth4, cin, dilation, xStride, x, x0 + j,
                        y, yOff + o * yStride + j, yStride, bias, o, m, mOff + o, c, cOff + j);
            }
        }
        if (tiled > 0 && packedRows < cout) {
            general.correlateWithMixin(cout - packedRows, cin, K, dilation, w, packedRows * cin * K, bias, packedRows,
                    x, xOff, xStride, m, mOff + packedRows, c, cOff, y, yOff + packedRows * yStride, yStride, tiled);
        }
        if (tiled < n) {
            general.correlateWithMixin(cout, cin, K, dilation, w, 0, bias, 0, x, xOff + tiled, xStride, m, mOff,
                    c, cOff + tiled, y, yOff + tiled, yStride, n - tiled);
        }
    }

    // BEGIN GENERATED by conv-core/src/main/scripts/gen_packed_streaming_conv.py: do not edit, run the script.
    /**
     * Outputs {@code o..o+3} (weights from {@code wp}, 12 floats per input channel: tap 0 of the 4
     * rows, tap 1, tap 2), frames of 4 vectors from {@code xi}, the first tap's index of channel 0.
     */
    private static void tile(float[] wp, int wi, int cin, int d, int xStride, float[] x, int xi,
                             float[] y, int yi, int yStride, float[] bias, int bi) {
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        for (int ch = 0; ch < cin; ch++) {
            int xa = xi + ch * xStride;
            int wa = wi + ch * (K * ROWS);
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
            int xb = xa + d;
            x0 = FloatVector.fromArray(S, x, xb);
            x1 = FloatVector.fromArray(S, x, xb + L);
            x2 = FloatVector.fromArray(S, x, xb + 2 * L);
            x3 = FloatVector.fromArray(S, x, xb + 3 * L);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 4]));
            a00 = b.fma(x0, a00); a01 = b.fma(x1, a01); a02 = b.fma(x2, a02); a03 = b.fma(x3, a03);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 5]));
            a10 = b.fma(x0, a10); a11 = b.fma(x1, a11); a12 = b.fma(x2, a12); a13 = b.fma(x3, a13);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 6]));
            a20 = b.fma(x0, a20); a21 = b.fma(x1, a21); a22 = b.fma(x2, a22); a23 = b.fma(x3, a23);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 7]));
            a30 = b.fma(x0, a30); a31 = b.fma(x1, a31); a32 = b.fma(x2, a32); a33 = b.fma(x3, a33);
            int xc = xb + d;
            x0 = FloatVector.fromArray(S, x, xc);
            x1 = FloatVector.fromArray(S, x, xc + L);
            x2 = FloatVector.fromArray(S, x, xc + 2 * L);
            x3 = FloatVector.fromArray(S, x, xc + 3 * L);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 8]));
            a00 = b.fma(x0, a00); a01 = b.fma(x1, a01); a02 = b.fma(x2, a02); a03 = b.fma(x3, a03);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 9]));
            a10 = b.fma(x0, a10); a11 = b.fma(x1, a11); a12 = b.fma(x2, a12); a13 = b.fma(x3, a13);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 10]));
            a20 = b.fma(x0, a20); a21 = b.fma(x1, a21); a22 = b.fma(x2, a22); a23 = b.fma(x3, a23);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 11]));
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

    /**
     * {@link #tile} with a bias (never null here) and the mixin epilogue: after the bias,
     * {@code fma(c[j], m[o], acc)}, then the store. No branch for a missing bias: its 16 blends
     * took the method to 2,275 bytecodes, the size at which JDK 17's C1 ran out of virtual
     * registers; without them it is 2,060 ({@code javap}), and JDK 17 compiles it at tiers 2, 3 and 4.
     */
    private static void tileMixin(float[] wp, int wi, int cin, int d, int xStride, float[] x, int xi,
                                  float[] y, int yi, int yStride, float[] bias, int bi,
                                  float[] m, int mi, float[] c, int ci) {
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        for (int ch = 0; ch < cin; ch++) {
            int xa = xi + ch * xStride;
            int wa = wi + ch * (K * ROWS);
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
            int xb = xa + d;
            x0 = FloatVector.fromArray(S, x, xb);
            x1 = FloatVector.fromArray(S, x, xb + L);
            x2 = FloatVector.fromArray(S, x, xb + 2 * L);
            x3 = FloatVector.fromArray(S, x, xb + 3 * L);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 4]));
            a00 = b.fma(x0, a00); a01 = b.fma(x1, a01); a02 = b.fma(x2, a02); a03 = b.fma(x3, a03);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 5]));
            a10 = b.fma(x0, a10); a11 = b.fma(x1, a11); a12 = b.fma(x2, a12); a13 = b.fma(x3, a13);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 6]));
            a20 = b.fma(x0, a20); a21 = b.fma(x1, a21); a22 = b.fma(x2, a22); a23 = b.fma(x3, a23);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 7]));
            a30 = b.fma(x0, a30); a31 = b.fma(x1, a31); a32 = b.fma(x2, a32); a33 = b.fma(x3, a33);
            int xc = xb + d;
            x0 = FloatVector.fromArray(S, x, xc);
            x1 = FloatVector.fromArray(S, x, xc + L);
            x2 = FloatVector.fromArray(S, x, xc + 2 * L);
            x3 = FloatVector.fromArray(S, x, xc + 3 * L);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 8]));
            a00 = b.fma(x0, a00); a01 = b.fma(x1, a01); a02 = b.fma(x2, a02); a03 = b.fma(x3, a03);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 9]));
            a10 = b.fma(x0, a10); a11 = b.fma(x1, a11); a12 = b.fma(x2, a12); a13 = b.fma(x3, a13);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 10]));
            a20 = b.fma(x0, a20); a21 = b.fma(x1, a21); a22 = b.fma(x2, a22); a23 = b.fma(x3, a23);
            b = EXACT.cast(FloatVector.broadcast(S, wp[wa + 11]));
            a30 = b.fma(x0, a30); a31 = b.fma(x1, a31); a32 = b.fma(x2, a32); a33 = b.fma(x3, a33);
        }
        FloatVector b = EXACT.cast(FloatVector.broadcast(S, bias[bi]));
        a00 = b.add(a00); a01 = b.add(a01); a02 = b.add(a02); a03 = b.add(a03);
        b = EXACT.cast(FloatVector.broadcast(S, bias[bi + 1]));
        a10 = b.add(a10); a11 = b.add(a11); a12 = b.add(a12); a13 = b.add(a13);
        b = EXACT.cast(FloatVector.broadcast(S, bias[bi + 2]));
        a20 = b.add(a20); a21 = b.add(a21); a22 = b.add(a22); a23 = b.add(a23);
        b = EXACT.cast(FloatVector.broadcast(S, bias[bi + 3]));
        a30 = b.add(a30); a31 = b.add(a31); a32 = b.add(a32); a33 = b.add(a33);
        FloatVector c0 = FloatVector.fromArray(S, c, ci);
        FloatVector c1 = FloatVector.fromArray(S, c, ci + L);
        FloatVector c2 = FloatVector.fromArray(S, c, ci + 2 * L);
        FloatVector c3 = FloatVector.fromArray(S, c, ci + 3 * L);
        FloatVector mb = EXACT.cast(FloatVector.broadcast(S, m[mi]));
        a00 = mb.fma(c0, a00); a01 = mb.fma(c1, a01); a02 = mb.fma(c2, a02); a03 = mb.fma(c3, a03);
        mb = EXACT.cast(FloatVector.broadcast(S, m[mi + 1]));
        a10 = mb.fma(c0, a10); a11 = mb.fma(c1, a11); a12 = mb.fma(c2, a12); a13 = mb.fma(c3, a13);
        mb = EXACT.cast(FloatVector.broadcast(S, m[mi + 2]));
        a20 = mb.fma(c0, a20); a21 = mb.fma(c1, a21); a22 = mb.fma(c2, a22); a23 = mb.fma(c3, a23);
        mb = EXACT.cast(FloatVector.broadcast(S, m[mi + 3]));
        a30 = mb.fma(c0, a30); a31 = mb.fma(c1, a31); a32 = mb.fma(c2, a32); a33 = mb.fma(c3, a33);
        int y1 = yi + yStride;
        int y2 = y1 + yStride;
        int y3 = y2 + yStride;
        EXACT.cast(a00).intoArray(y, yi); EXACT.cast(a01).intoArray(y, yi + L); EXACT.cast(a02).intoArray(y, yi + 2 * L); EXACT.cast(a03).intoArray(y, yi + 3 * L);
        EXACT.cast(a10).intoArray(y, y1); EXACT.cast(a11).intoArray(y, y1 + L); EXACT.cast(a12).intoArray(y, y1 + 2 * L); EXACT.cast(a13).intoArray(y, y1 + 3 * L);
        EXACT.cast(a20).intoArray(y, y2); EXACT.cast(a21).intoArray(y, y2 + L); EXACT.cast(a22).intoArray(y, y2 + 2 * L); EXACT.cast(a23).intoArray(y, y2 + 3 * L);
        EXACT.cast(a30).intoArray(y, y3); EXACT.cast(a31).intoArray(y, y3 + L); EXACT.cast(a32).intoArray(y, y3 + 2 * L); EXACT.cast(a33).intoArray(y, y3 + 3 * L);
    }
    // END GENERATED by conv-core/src/main/scripts/gen_packed_streaming_conv.py
}
