package dev.convstream.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link StreamingConvKernel} for long filters with few output channels (a single-channel FIR,
 * the head of the partitioned convolver): each output is a dot product over the taps, vectorised
 * along the taps instead of along time. With dilation 1 the {@code k} taps of one output read
 * {@code k} contiguous history frames, so one weight vector and four input vectors (outputs
 * {@code j..j+3}, one frame apart) feed four accumulators; each accumulator is reduced once per
 * output, a cost spread over {@code k / L} FMAs. Taps past the last whole vector are added in
 * plain Java after the reduction.
 *
 * <p>Where it runs: {@link VectorStreamingConv#forShape} picks it for fewer than four output
 * channels on JDK 17, where C2 boxes the outer-product single-row tiles (see
 * {@code VectorStreamingConv.SINGLE_ROW_TILES}); this kernel's accumulators are reduced to
 * scalars right after its one flat loop, and it allocates nothing there
 * ({@code StreamingAllocationTest}, {@code FirTest}). On JDK 25 the tiles are ~20% faster and
 * run instead. Against the scalar kernel on one row, 64 frames, JDK 17: 1.3x at 16 taps, 2.2x at
 * 32, 4.5x at 128, 10x at 1,279 (BENCHMARKS.md, "Single-channel FIR, second round").
 *
 * <p>Shapes it does not serve (dilation above 1, fewer than {@code L} taps) go to the kernel
 * given at construction, so a caller may ask it for any shape.
 */
final class VectorDotStreamingConv implements StreamingConvKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * The species' exact vector class: the FMAs' receiver (the weight vector: the same product,
     * the same bits) and the reductions' are cast to it so that C2 binds the Vector API's calls
     * without type profiles (see VectorStreamingConv's {@code EXACT}).
     */
    @SuppressWarnings("unchecked")
    private static final Class<FloatVector> EXACT = (Class<FloatVector>) (Class<?>) S.vectorType();

    private final StreamingConvKernel other;

    /** @param other the kernel for shapes without a whole vector of contiguous taps */
    VectorDotStreamingConv(StreamingConvKernel other) {
        this.other = other;
    }

    /** Whether this kernel's dot products apply: contiguous taps, at least one vector of them. */
    static boolean serves(int k, int dilation) {
        return dilation == 1 && k >= L;
    }

    @Override
    public void correlate(int cout, int cin, int k, int dilation, float[] w, int wOff, float[] bias, int bOff,
                          float[] x, int xOff, int xStride, float[] base, int baseOff, int baseStride,
                          float[] y, int yOff, int yStride, int n) {
        if (!serves(k, dilation)) {
            other.correlate(cout, cin, k, dilation, w, wOff, bias, bOff, x, xOff, xStride,
                    base, baseOff, baseStride, y, yOff, yStride, n);
            return;
        }
        StreamingConvKernel.check(cout, cin, k, dilation, w, wOff, bias, bOff, x, xOff, xStride,
                base, baseOff, baseStride, y, yOff, yStride, n);
        int kv = k - k % L;
        int x0 = xOff - (k - 1);
        for (int o = 0; o < cout; o++) {
            int wo = wOff + o * cin * k;
            float b = bias == null ? 0f : bias[bOff + o];
            int yo = yOff + o * yStride;
            int so = baseOff + o * baseStride;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                quad(w, wo, cin, k, kv, x, x0 + j, xStride, base, so + j, y, yo + j, b);
            }
            for (; j < n; j++) {
                single(w, wo, cin, k, kv, x, x0 + j, xStride, base, so + j, y, yo + j, b);
            }
        }
    }

    /**
     * Outputs {@code yi..yi+3}: their window starts at {@code xi..xi+3} (oldest tap). One flat
     * loop over (channel, tap vector): accumulators carried through a nested loop stayed boxed
     * on JDK 17's C2.
     */
    private static void quad(float[] w, int wi, int cin, int k, int kv, float[] x, int xi, int xStride,
                             float[] base, int si, float[] y, int yi, float bias) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int steps = cin * (kv / L);
        int perChannel = kv / L;
        int wp = wi;
        int xp = xi;
        int step = 0;
        for (int p = 0; p < steps; p++) {
            FloatVector wv = EXACT.cast(FloatVector.fromArray(S, w, wp));
            a0 = wv.fma(FloatVector.fromArray(S, x, xp), a0);
            a1 = wv.fma(FloatVector.fromArray(S, x, xp + 1), a1);
            a2 = wv.fma(FloatVector.fromArray(S, x, xp + 2), a2);
            a3 = wv.fma(FloatVector.fromArray(S, x, xp + 3), a3);
            wp += L;
            xp += L;
            if (++step == perChannel) {
                step = 0;
                wp += k - kv;
                xp += xStride - kv;
            }
        }
        float s0 = EXACT.cast(a0).reduceLanes(VectorOperators.ADD);
        float s1 = EXACT.cast(a1).reduceLanes(VectorOperators.ADD);
        float s2 = EXACT.cast(a2).reduceLanes(VectorOperators.ADD);
        float s3 = EXACT.cast(a3).reduceLanes(VectorOperators.ADD);
        for (int c = 0; c < cin; c++) {
            int wc = wi + c * k;
            int xc = xi + c * xStride;
            for (int t = kv; t < k; t++) {
                float wt = w[wc + t];
                s0 = Math.fma(wt, x[xc + t], s0);
                s1 = Math.fma(wt, x[xc + t + 1], s1);
                s2 = Math.fma(wt, x[xc + t + 2], s2);
                s3 = Math.fma(wt, x[xc + t + 3], s3);
            }
        }
        if (base != null) {
            s0 += base[si];
            s1 += base[si + 1];
            s2 += base[si + 2];
            s3 += base[si + 3];
        }
        y[yi] = s0 + bias;
        y[yi + 1] = s1 + bias;
        y[yi + 2] = s2 + bias;
        y[yi + 3] = s3 + bias;
    }

    /** One output, as {@link #quad}. */
    private static void single(float[] w, int wi, int cin, int k, int kv, float[] x, int xi, int xStride,
                               float[] base, int si, float[] y, int yi, float bias) {
        FloatVector a = FloatVector.zero(S);
        int steps = cin * (kv / L);
        int perChannel = kv / L;
        int wp = wi;
        int xp = xi;
        int step = 0;
        for (int p = 0; p < steps; p++) {
            a = EXACT.cast(FloatVector.fromArray(S, w, wp)).fma(FloatVector.fromArray(S, x, xp), a);
            wp += L;
            xp += L;
            if (++step == perChannel) {
                step = 0;
                wp += k - kv;
                xp += xStride - kv;
            }
        }
        float s = EXACT.cast(a).reduceLanes(VectorOperators.ADD);
        for (int c = 0; c < cin; c++) {
            int wc = wi + c * k;
            int xc = xi + c * xStride;
            for (int t = kv; t < k; t++) {
                s = Math.fma(w[wc + t], x[xc + t], s);
            }
        }
        if (base != null) {
            s += base[si];
        }
        y[yi] = s + bias;
    }
}
