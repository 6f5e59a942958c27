package dev.convstream.kernel;

/**
 * {@link ElementwiseMath} in plain Java, and the one formula every family computes: the
 * Vector API family evaluates the same operations lane by lane ({@link VectorElementwiseMath}),
 * and calls the static functions below for ranges shorter than a vector, so both give the same
 * bits. Only operations that IEEE 754 rounds exactly once are used ({@code +}, {@code *},
 * {@code /}, {@link Math#fma}, min/max, bit operations), never {@link Math#tanh} or
 * {@link Math#exp}, whose last bit may depend on the platform and the JIT, and never the
 * Vector API's lanewise {@code TANH}/{@code EXP} (Intel SVML once compiled, a Java fallback
 * before, with different last bits).
 *
 * <p>exp: {@code e^x = 2^n e^r} with {@code n = round(x / ln2)}, {@code |r| <= ln2/2}, and
 * {@code e^r} by the Cephes {@code expf} minimax polynomial of degree 6. {@code 2^n} is applied
 * as two factors {@code 2^(n/2) 2^(n - n/2)}, each a normal float, so results in the subnormal
 * range are rounded once instead of being flushed.
 *
 * <p>tanh, one formula over the whole range (no branch to compute in every vector lane and blend):
 * with {@code a = min(|x|, 9.03125)} (tanh rounds to 1 in float from 9.011) and
 * {@code h = expm1(2a) / 2} (the reduction of exp, {@code 2a = n ln2 + r}, with
 * {@code e^r - 1 = r + r^2 Q(r)} from the same Cephes polynomial and {@code 2^(n-1)} applied to
 * it in one fused multiply-add, so there is no cancellation near 0), {@code w = h / (1 + h)} is
 * tanh(a). Below {@code h = 1/2} the result is {@code h - h w} instead (one fused multiply-add):
 * there the rounding of {@code 1 + h} would otherwise cost up to a whole ulp, and {@code w}'s
 * error reaches the result only scaled by h. The sign bit of x is put back, so -0 stays -0.
 * Sigmoid: with {@code e = e^-|x|}, {@code 1/(1+e)} for x >= 0 and
 * {@code e/(1+e)} below, so neither side cancels and the negative side keeps its relative
 * precision down to subnormals.
 *
 * <p>Accuracy, max error against the exact value in ulp of the float result, over every 241st
 * float bit pattern of |x| <= 128 of both signs (MathAccuracyTest asserts the bounds): tanh 1.85
 * (asserted 2; 1.945 over every float, TanhExhaustiveCheck), sigmoid 2.3 (asserted 3), exp 1.0
 * (asserted 3). All saturate exactly (tanh to
 * +-1, sigmoid to 0 and 1, exp to 0 and infinity) and propagate NaN.
 */
public final class ScalarElementwiseMath implements ElementwiseMath {

    /** Adding 1.5 * 2^23 rounds a float of magnitude below 2^22 to an integer in the low bits. */
    static final float ROUND_MAGIC = 0x1.8p23f;
    static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);
    static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split so that n * LN2_HI is exact for the |n| <= 151 used here (Cephes). */
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** Cephes expf minimax polynomial for e^r on |r| <= ln2/2, highest degree first. */
    static final float E6 = 1.9875691500e-4f;
    static final float E5 = 1.3981999507e-3f;
    static final float E4 = 8.3334519073e-3f;
    static final float E3 = 4.1665795894e-2f;
    static final float E2 = 1.6666665459e-1f;
    static final float E1 = 5.0000001201e-1f;
    /**
     * exp is evaluated on [-104, 100]: e^-104 is below half the smallest subnormal (rounds to
     * 0), e^100 overflows to infinity, and both factors of 2^n stay normal floats. Clamping
     * keeps the integer arithmetic in range (and lets NaN through: min/max propagate it).
     */
    static final float EXP_MIN = -104f;
    static final float EXP_MAX = 100f;

    /** tanh's argument is clamped here: tanh rounds to exactly 1 in float from 9.011 on. */
    static final float TANH_CLAMP = 9.03125f;
    static final float TWO_LOG2E = 2f * LOG2E;
    /** Below this h = expm1(2|x|)/2, tanh is h - h w rather than w = h/(1+h) (class comment). */
    static final float TANH_CORRECT_BELOW = 0.5f;
    /** Added to the bits of {@code tt = n + ROUND_MAGIC} shifted left by 23, gives the bits of 2^(n-1). */
    static final int HALF_SCALE_BIAS = (126 << 23) - (ROUND_MAGIC_BITS << 23);
    static final int SIGN = 0x80000000;

    @Override
    public void tanh(float[] x, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, x.length);
        for (int i = off; i < off + len; i++) {
            x[i] = tanh(x[i]);
        }
    }

    @Override
    public void sigmoid(float[] x, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, x.length);
        for (int i = off; i < off + len; i++) {
            x[i] = sigmoid(x[i]);
        }
    }

    @Override
    public void exp(float[] x, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, x.length);
        for (int i = off; i < off + len; i++) {
            x[i] = exp(x[i]);
        }
    }

    @Override
    public void tanhAddInto(float[] x, int off, float[] sum, int sumOff, int len) {
        java.util.Objects.checkFromIndexSize(off, len, x.length);
        java.util.Objects.checkFromIndexSize(sumOff, len, sum.length);
        for (int i = 0; i < len; i++) {
            float t = tanh(x[off + i]);
            x[off + i] = t;
            sum[sumOff + i] += t;
        }
    }

    @Override
    public void fastTanhAddInto(float[] x, int off, float[] sum, int sumOff, int len) {
        java.util.Objects.checkFromIndexSize(off, len, x.length);
        java.util.Objects.checkFromIndexSize(sumOff, len, sum.length);
        for (int i = 0; i < len; i++) {
            float t = fastTanh(x[off + i]);
            x[off + i] = t;
            sum[sumOff + i] += t;
        }
    }

    /**
     * NAM core's {@code fast_tanh} (a rational approximation, not tanh's accuracy) as its
     * {@code -O3 -march=native} build evaluates the C++ expression: GCC contracts each
     * {@code a * b + c} into one fused multiply-add, so those steps are {@link Math#fma}s; every
     * other operation rounds once, as in C++ float arithmetic (docs/nam-fast-tanh.md).
     */
    public static float fastTanh(float v) {
        float av = Math.abs(v);
        float v2 = v * v;
        float num = Math.fma(Math.fma(0.821226666969744f, av, 0.893229853513558f), v2,
                Math.fma(2.45550750702956f, av, 2.45550750702956f));
        float den = Math.fma(2.44506634652299f + v2, Math.abs(Math.fma(0.814642734961073f * v, av, v)),
                2.44506634652299f);
        return v * num / den;
    }

    /** tanh(v) by the formula of the class comment; public for code that inlines it per value. */
    public static float tanh(float v) {
        float a = Math.min(Math.abs(v), TANH_CLAMP);
        float y = a + a;
        // a (2 log2e) is y log2e exactly: the same bits, without waiting for y
        float tt = Math.fma(a, TWO_LOG2E, ROUND_MAGIC);
        float n = tt - ROUND_MAGIC;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, y));
        // Q by Estrin's scheme (the same five FMAs as Horner, a shorter dependency chain)
        float r2 = r * r;
        float q = Math.fma(r2, Math.fma(r2, Math.fma(r, E6, E5), Math.fma(r, E4, E3)), Math.fma(r, E2, E1));
        float em1 = Math.fma(q, r2, r);
        // 2^(n-1) from the bits of tt (n in [0, 26] here), and h = 2^(n-1) (e^r - 1) + 2^(n-1) - 1/2
        float halfScale = Float.intBitsToFloat((Float.floatToRawIntBits(tt) << 23) + HALF_SCALE_BIAS);
        float h = Math.fma(halfScale, em1, halfScale - 0.5f);
        float w = h / (h + 1f);
        float t = h < TANH_CORRECT_BELOW ? Math.fma(-h, w, h) : w;
        return Float.intBitsToFloat(Float.floatToRawIntBits(t) | (Float.floatToRawIntBits(v) & SIGN));
    }

    /** sigmoid(v) by the formula of the class comment; public for code that inlines it per value. */
    public static float sigmoid(float v) {
        float e = expClamped(Math.min(Math.max(-Math.abs(v), EXP_MIN), EXP_MAX));
        return (v < 0f ? e : 1f) / (e + 1f);
    }

    /**
     * {@link #sigmoid(float)}, bit for bit, with a shorter dependency chain for a recurrence (an
     * LSTM's cell, where each sample waits for the last): {@code -|v| <= 0} cannot exceed
     * {@link #EXP_MAX}, so only the lower clamp is applied, and as a compare-and-select, which C2
     * compiles to fewer dependent instructions than {@link Math#min} (NaN still passes through).
     */
    public static float sigmoidInline(float v) {
        float m = -Math.abs(v);
        float e = expClamped(m < EXP_MIN ? EXP_MIN : m);
        return (v < 0f ? e : 1f) / (e + 1f);
    }

    /** e^v by the formula of the class comment. */
    static float exp(float v) {
        return expClamped(Math.min(Math.max(v, EXP_MIN), EXP_MAX));
    }

    /** e^x for x already in [EXP_MIN, EXP_MAX] (or NaN). */
    private static float expClamped(float x) {
        float tt = Math.fma(x, LOG2E, ROUND_MAGIC);
        float n = tt - ROUND_MAGIC;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, x));
        float q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, E6, E5), r, E4), r, E3), r, E2), r, E1);
        float er = q * (r * r) + r + 1f;
        int ni = Float.floatToRawIntBits(tt) - ROUND_MAGIC_BITS;
        int half = ni >> 1;
        float s1 = Float.intBitsToFloat((half + 127) << 23);
        float s2 = Float.intBitsToFloat((ni - half + 127) << 23);
        return er * s1 * s2;
    }
}
