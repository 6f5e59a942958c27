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
        FloatVector b = FloatVector.broadcast(S, bias);
        int blockEnd = outW - BLOCK * L;
        int last = outW - L;
        for (int oy = 0; oy < outH; oy++) {
            int o = outOff + oy * outW;
            int rowBase = inOff + oy * sh * inW;
            int ox = 0;
            for (; ox <= blockEnd; ox += BLOCK * L) {
                FloatVector a0 = b, a1 = b, a2 = b, a3 = b;
                for (int ky = 0; ky < kh; ky++) {
                    int row = rowBase + ky * dh * inW + ox;
                    int kRow = kOff + ky * kw;
                    for (int kx = 0; kx < kw; kx++) {
                        FloatVector w = FloatVector.broadcast(S, kernel[kRow + kx]);
                        int i = row + kx * dw;
                        a0 = FloatVector.fromArray(S, in, i).fma(w, a0);
                        a1 = FloatVector.fromArray(S, in, i + L).fma(w, a1);
                        a2 = FloatVector.fromArray(S, in, i + 2 * L).fma(w, a2);
                        a3 = FloatVector.fromArray(S, in, i + 3 * L).fma(w, a3);
                    }
                }
                a0.intoArray(out, o + ox);
                a1.intoArray(out, o + ox + L);
                a2.intoArray(out, o + ox + 2 * L);
                a3.intoArray(out, o + ox + 3 * L);
            }
            // Single vectors, the last one pulled back to end exactly at outW.
            while (ox < outW) {
                int at = Math.min(ox, last);
                FloatVector a = b;
                for (int ky = 0; ky < kh; ky++) {
                    int row = rowBase + ky * dh * inW + at;
                    int kRow = kOff + ky * kw;
                    for (int kx = 0; kx < kw; kx++) {
                        a = FloatVector.fromArray(S, in, row + kx * dw)
                                .fma(FloatVector.broadcast(S, kernel[kRow + kx]), a);
                    }
                }
                a.intoArray(out, o + at);
                ox = at + L;
            }
        }
    }
}
