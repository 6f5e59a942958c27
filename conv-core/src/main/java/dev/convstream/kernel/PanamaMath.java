package dev.convstream.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * tanh and sigmoid on the Vector API from an FMA polynomial exp (Cephes {@code expf}) and the
 * Cephes {@code tanhf} small-argument polynomial, instead of the lanewise
 * {@code VectorOperators.TANH/EXP}: those are SVML calls on x86 where available, slower than this
 * in the JMH comparison (see MathBenchmark), and not intrinsified at all on other platforms.
 *
 * <p>Accuracy against the exact value, in ulp of the float result (MathAccuracyTest, dense
 * sweep): tanh 1.3 ulp, sigmoid 2.4 ulp, asserted within 3. Saturates to exactly +-1 (tanh) and 0/1 (sigmoid), keeps the sign of zero,
 * propagates NaN, and follows sigmoid into the subnormal range.
 *
 * <p>Ranges are processed in whole vectors; the last partial vector is handled by recomputing
 * the final full vector of the range from values saved before the loop (the overlap gets the
 * same results twice), so there are no masks (not intrinsified on JDK 17) and no scalar tails.
 * Only ranges shorter than one vector go through {@link Math}.
 */
final class PanamaMath implements VectorMath {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);
    private static final int L = S.length();

    /** Adding 1.5 * 2^23 rounds a float of magnitude below 2^22 to an integer in the low bits. */
    private static final float ROUND_MAGIC = 0x1.8p23f;
    private static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);
    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split so that n * LN2_HI is exact for the |n| <= 151 used here (Cephes). */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Cephes expf minimax polynomial for e^r on |r| <= ln2/2, highest degree first. */
    private static final float E6 = 1.9875691500e-4f;
    private static final float E5 = 1.3981999507e-3f;
    private static final float E4 = 8.3334519073e-3f;
    private static final float E3 = 4.1665795894e-2f;
    private static final float E2 = 1.6666665459e-1f;
    private static final float E1 = 5.0000001201e-1f;
    /**
     * exp is evaluated on [-104, 88]: e^-104 is below half the smallest subnormal (rounds to 0),
     * e^88 is below Float.MAX_VALUE. Clamping keeps the integer arithmetic in range (and lets
     * NaN through: min/max propagate it).
     */
    private static final float EXP_MIN = -104f;
    private static final float EXP_MAX = 88f;

    /** Below this |x|, tanh uses x + x^3 P(x^2) (Cephes tanhf): 1 - 2/(e^2x + 1) cancels. */
    private static final float TANH_SMALL = 0.625f;
    /** Cephes tanhf polynomial P, highest degree first. */
    private static final float T4 = -5.70498872745e-3f;
    private static final float T3 = 2.06390887954e-2f;
    private static final float T2 = -5.37397155531e-2f;
    private static final float T1 = 1.33314422036e-1f;
    private static final float T0 = -3.33332819422e-1f;
    private static final int SIGN = 0x80000000;

    @Override
    public void tanh(float[] x, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, x.length);
        if (len < L) {
            for (int i = off; i < off + len; i++) {
                x[i] = (float) Math.tanh(x[i]);
            }
            return;
        }
        int last = off + len - L;
        FloatVector tail = FloatVector.fromArray(S, x, last);
        // One call site for the loop and the tail: keeps the compiled loop small (see k()).
        for (int i = off; ; i += L) {
            boolean end = i >= last;
            int at = end ? last : i;
            tanh(end ? tail : FloatVector.fromArray(S, x, at)).intoArray(x, at);
            if (end) {
                return;
            }
        }
    }

    @Override
    public void sigmoid(float[] x, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, x.length);
        if (len < L) {
            for (int i = off; i < off + len; i++) {
                x[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
            }
            return;
        }
        int last = off + len - L;
        FloatVector tail = FloatVector.fromArray(S, x, last);
        for (int i = off; ; i += L) {
            boolean end = i >= last;
            int at = end ? last : i;
            sigmoid(end ? tail : FloatVector.fromArray(S, x, at)).intoArray(x, at);
            if (end) {
                return;
            }
        }
    }

    /**
     * A constant vector. The Vector API has no vector-scalar fma; C2 hoists these broadcasts out
     * of the loops. Everything here must inline into the loop (a vector crossing a real call is
     * boxed), hence small methods and single call sites.
     */
    private static FloatVector k(float v) {
        return FloatVector.broadcast(S, v);
    }

    /** tanh computed on |x|, then given the sign bit of x (so -0 stays -0). */
    private static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = a.mul(a);
        FloatVector p = z.fma(k(T4), k(T3)).fma(z, k(T2)).fma(z, k(T1)).fma(z, k(T0));
        FloatVector small = p.mul(z).fma(a, a);
        FloatVector e = exp(a.add(a));
        FloatVector large = k(1f).sub(k(2f).div(e.add(1f)));
        VectorMask<Float> isLarge = a.compare(VectorOperators.GT, TANH_SMALL);
        FloatVector t = small.blend(large, isLarge);
        IntVector sign = x.reinterpretAsInts().and(SIGN);
        return t.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    /**
     * With e = exp(-|x|) in (0, 1]: 1/(1+e) for x >= 0 and e/(1+e) for x < 0, so neither side
     * cancels and the negative side keeps full relative precision down to subnormals.
     */
    private static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector d = e.add(1f);
        FloatVector num = k(1f).blend(e, x.compare(VectorOperators.LT, 0f));
        return num.div(d);
    }

    /**
     * e^x = 2^n e^r with n = round(x / ln2), |r| <= ln2/2, e^r by a degree-6 polynomial. 2^n is
     * applied as two factors 2^(n/2) 2^(n - n/2), each a normal float, so results in the
     * subnormal range are rounded once, correctly, instead of being flushed.
     */
    private static FloatVector exp(FloatVector x) {
        x = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = x.fma(k(LOG2E), k(ROUND_MAGIC));
        FloatVector n = t.sub(ROUND_MAGIC);
        FloatVector r = n.fma(k(-LN2_LO), n.fma(k(-LN2_HI), x));
        FloatVector p = r.fma(k(E6), k(E5)).fma(r, k(E4)).fma(r, k(E3)).fma(r, k(E2)).fma(r, k(E1));
        FloatVector er = p.mul(r.mul(r)).add(r).add(1f);
        IntVector ni = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
        IntVector half = ni.lanewise(VectorOperators.ASHR, 1);
        FloatVector s1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = ni.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return er.mul(s1).mul(s2);
    }
}
