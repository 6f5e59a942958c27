package dev.convstream.kernel;

import static dev.convstream.kernel.ScalarElementwiseMath.E1;
import static dev.convstream.kernel.ScalarElementwiseMath.E2;
import static dev.convstream.kernel.ScalarElementwiseMath.E3;
import static dev.convstream.kernel.ScalarElementwiseMath.E4;
import static dev.convstream.kernel.ScalarElementwiseMath.E5;
import static dev.convstream.kernel.ScalarElementwiseMath.E6;
import static dev.convstream.kernel.ScalarElementwiseMath.EXP_MAX;
import static dev.convstream.kernel.ScalarElementwiseMath.EXP_MIN;
import static dev.convstream.kernel.ScalarElementwiseMath.HALF_SCALE_BIAS;
import static dev.convstream.kernel.ScalarElementwiseMath.LN2_HI;
import static dev.convstream.kernel.ScalarElementwiseMath.LN2_LO;
import static dev.convstream.kernel.ScalarElementwiseMath.LOG2E;
import static dev.convstream.kernel.ScalarElementwiseMath.ROUND_MAGIC;
import static dev.convstream.kernel.ScalarElementwiseMath.ROUND_MAGIC_BITS;
import static dev.convstream.kernel.ScalarElementwiseMath.SIGN;
import static dev.convstream.kernel.ScalarElementwiseMath.TANH_CLAMP;
import static dev.convstream.kernel.ScalarElementwiseMath.TANH_CORRECT_BELOW;
import static dev.convstream.kernel.ScalarElementwiseMath.TWO_LOG2E;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ElementwiseMath} on the Vector API: the formula of {@link ScalarElementwiseMath},
 * operation for operation, lane by lane, so every lane gives the bits the scalar function gives
 * (the Vector API's {@code fma}, {@code div}, {@code min}/{@code max} are the correctly rounded
 * {@link Math} operations). Ranges shorter than one vector call the scalar functions.
 *
 * <p>The Vector API's own lanewise {@code TANH} and {@code EXP} are not used although they have
 * measured faster on x86-64 (Intel SVML stubs, BENCHMARKS.md): their results differ in the last bit from the Java
 * fallback that runs before C2 compiles the caller, and from the scalar tail of a range, so a
 * stream's output would depend on its block size and on JIT timing.
 *
 * <p>exp and tanh are written out inside each loop instead of being helper methods: a method
 * taking or returning vectors must be inlined by C2 or its vectors are boxed (allocation, 100x
 * slower), and these bodies are big enough to hit C2's inlining node budget
 * (NodeCountInliningCutoff); the Vector API's own methods are force-inlined and immune. The loops
 * are therefore generated, with the one exp body and the one tanh body, by
 * {@code conv-core/src/main/scripts/gen_elementwise_math.py}.
 *
 * <p>Ranges are processed in whole vectors; the last partial vector is handled by recomputing
 * the final full vector of the range from values saved before the loop (the overlap gets the
 * same results twice), so there are no masks (not intrinsified on JDK 17) and no scalar tails.
 */
final class VectorElementwiseMath implements ElementwiseMath {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * The species' vector classes ({@code Float512Vector}, {@code Int512Vector} with AVX-512).
     * Every vector of the loops enters through a cast to one of them (each load, broadcast and
     * reinterpretation; what is computed from an exactly typed vector is exactly typed), so every
     * Vector API call binds without a type profile: without it JDK 17's C2, compiling a loop from
     * tier 2 (no profile of its own) or with no receiver profiles in the JDK's methods, left
     * {@code lanewise}, {@code blend}, {@code intoArray0} virtual, failed the store intrinsic and
     * boxed every vector (the tier 2 -> 4 defect of {@link VectorStreamingConv}'s {@code EXACT},
     * which explains the mechanism). Same operations, same bits; checked by
     * {@code scripts/jit17/profile-less-kernels.sh}.
     */
    @SuppressWarnings("unchecked")
    private static final Class<FloatVector> EXACT = (Class<FloatVector>) (Class<?>) S.vectorType();
    @SuppressWarnings("unchecked")
    private static final Class<IntVector> INT_EXACT =
            (Class<IntVector>) (Class<?>) S.withLanes(int.class).vectorType();
    /**
     * Long ranges are done in calls of this many elements (the last one up to {@code CHUNK + L}, at
     * least {@code L}; elementwise, so the bits are those of one call). Why: a training step calls
     * these loops a few dozen times on ranges of ~10^5-10^6 elements, too few calls for a standard
     * C2 compile of the loop method (JDK 17: ~600 calls), so each call entered the C1 code, whose
     * Vector API fallback allocates per operation, and ran there until the loop's on-stack
     * replacement took over: ~8.4 KB allocated per training sample with arch=feather in every JVM
     * (BENCHMARKS.md, "JDK 17 training: where the remaining allocation comes from"). In chunks the
     * method is called often enough to be compiled whole, and a chunk stays in the L1 cache.
     */
    static final int CHUNK = 4096;

    @Override
    public void tanh(float[] x, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, x.length);
        if (len < L) {
            for (int i = off; i < off + len; i++) {
                x[i] = ScalarElementwiseMath.tanh(x[i]);
            }
        } else {
            int end = off + len;
            int i = off;
            for (; end - i > CHUNK + L; i += CHUNK) {
                tanhVectors(x, i, CHUNK);
            }
            tanhVectors(x, i, end - i);
        }
    }

    @Override
    public void sigmoid(float[] x, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, x.length);
        if (len < L) {
            for (int i = off; i < off + len; i++) {
                x[i] = ScalarElementwiseMath.sigmoid(x[i]);
            }
        } else {
            int end = off + len;
            int i = off;
            for (; end - i > CHUNK + L; i += CHUNK) {
                sigmoidVectors(x, i, CHUNK);
            }
            sigmoidVectors(x, i, end - i);
        }
    }

    @Override
    public void exp(float[] x, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, x.length);
        if (len < L) {
            for (int i = off; i < off + len; i++) {
                x[i] = ScalarElementwiseMath.exp(x[i]);
            }
        } else {
            int end = off + len;
            int i = off;
            for (; end - i > CHUNK + L; i += CHUNK) {
                expVectors(x, i, CHUNK);
            }
            expVectors(x, i, end - i);
        }
    }

    /** Whole vectors (generated below), then the last {@code len % L} elements by the scalar tanh. */
    @Override
    public void tanhAddInto(float[] x, int off, float[] sum, int sumOff, int len) {
        java.util.Objects.checkFromIndexSize(off, len, x.length);
        java.util.Objects.checkFromIndexSize(sumOff, len, sum.length);
        int full = len - len % L;
        tanhAddIntoVectors(x, off, sum, sumOff, full);
        for (int i = full; i < len; i++) {
            float t = ScalarElementwiseMath.tanh(x[off + i]);
            x[off + i] = t;
            sum[sumOff + i] += t;
        }
    }

    /**
     * Whole vectors with the operations of {@link ScalarElementwiseMath#fastTanh} lane by lane,
     * two per iteration, then the last {@code len % L} elements by that function (not a
     * pulled-back vector: the add into sum must happen once per element).
     *
     * <p>Why two per iteration: not for the second vector's own sake, but because it makes this
     * method's bytecode larger than C2's {@code FreqInlineSize} (325 bytes), so C2 compiles it on
     * its own instead of inlining it into {@code WaveNetStack.runArray}: inlined there, JDK 17's
     * C2 compiled this loop much slower than on its own (and sometimes boxed), although alone it
     * is as fast as on JDK 25 (BENCHMARKS.md, "A1 standard, fast tanh, JDK 17"). Keep it above
     * that size, or check {@code -XX:+PrintInlining} ("hot method too big") after a change.
     */
    @Override
    public void fastTanhAddInto(float[] x, int off, float[] sum, int sumOff, int len) {
        java.util.Objects.checkFromIndexSize(off, len, x.length);
        java.util.Objects.checkFromIndexSize(sumOff, len, sum.length);
        FloatVector a1 = EXACT.cast(FloatVector.broadcast(S, FAST_TANH_K[0]));
        FloatVector a0 = EXACT.cast(FloatVector.broadcast(S, FAST_TANH_K[1]));
        FloatVector b = EXACT.cast(FloatVector.broadcast(S, FAST_TANH_K[2]));
        FloatVector c = EXACT.cast(FloatVector.broadcast(S, FAST_TANH_K[3]));
        FloatVector d = EXACT.cast(FloatVector.broadcast(S, FAST_TANH_K[4]));
        int full = len - len % L;
        int i = 0;
        for (; i + 2 * L <= full; i += 2 * L) {
            FloatVector v = EXACT.cast(FloatVector.fromArray(S, x, off + i));
            FloatVector w = EXACT.cast(FloatVector.fromArray(S, x, off + i + L));
            FloatVector av = v.abs();
            FloatVector aw = w.abs();
            FloatVector v2 = v.mul(v);
            FloatVector w2 = w.mul(w);
            FloatVector numV = av.fma(a1, a0).fma(v2, av.fma(b, b));
            FloatVector numW = aw.fma(a1, a0).fma(w2, aw.fma(b, b));
            FloatVector denV = v2.add(c).fma(v.mul(d).fma(av, v).abs(), c);
            FloatVector denW = w2.add(c).fma(w.mul(d).fma(aw, w).abs(), c);
            FloatVector tv = v.mul(numV).div(denV);
            FloatVector tw = w.mul(numW).div(denW);
            tv.intoArray(x, off + i);
            tw.intoArray(x, off + i + L);
            EXACT.cast(FloatVector.fromArray(S, sum, sumOff + i)).add(tv).intoArray(sum, sumOff + i);
            EXACT.cast(FloatVector.fromArray(S, sum, sumOff + i + L)).add(tw).intoArray(sum, sumOff + i + L);
        }
        if (i < full) {
            fastTanhAddIntoVector(x, off + i, sum, sumOff + i);
            i += L;
        }
        for (; i < len; i++) {
            float t = ScalarElementwiseMath.fastTanh(x[off + i]);
            x[off + i] = t;
            sum[sumOff + i] += t;
        }
    }

    /*
     * fastTanhAddInto's constants, read from an array for the reason of the generated TANH_K below:
     * with literals, JDK 25's C2 reloaded each broadcast from its constant table inside the loop
     * (10 vbroadcastss per iteration of 2 vectors); A1 standard with the fast tanh ran 5-8% faster
     * with the array, on JDK 17 too (BENCHMARKS.md, "Session 34", section 8). Same values, same bits.
     */
    private static final float[] FAST_TANH_K = {
        0.821226666969744f, 0.893229853513558f, 2.45550750702956f, 2.44506634652299f, 0.814642734961073f};

    /**
     * One vector of {@link #fastTanhAddInto}, the same operations; a method of its own (loads and
     * stores inside, no vector crosses the call) because in {@code fastTanhAddInto} it came after
     * C2's inlining node budget ({@code NodeCountInliningCutoff}) was spent: C2 delayed its calls
     * and, without type profiles, left the last ones virtual and boxed
     * ({@code scripts/jit17/profile-less-kernels.sh}).
     */
    private static void fastTanhAddIntoVector(float[] x, int xi, float[] sum, int si) {
        FloatVector a1 = EXACT.cast(FloatVector.broadcast(S, 0.821226666969744f));
        FloatVector a0 = EXACT.cast(FloatVector.broadcast(S, 0.893229853513558f));
        FloatVector b = EXACT.cast(FloatVector.broadcast(S, 2.45550750702956f));
        FloatVector c = EXACT.cast(FloatVector.broadcast(S, 2.44506634652299f));
        FloatVector d = EXACT.cast(FloatVector.broadcast(S, 0.814642734961073f));
        FloatVector v = EXACT.cast(FloatVector.fromArray(S, x, xi));
        FloatVector av = v.abs();
        FloatVector v2 = v.mul(v);
        FloatVector num = av.fma(a1, a0).fma(v2, av.fma(b, b));
        FloatVector den = v2.add(c).fma(v.mul(d).fma(av, v).abs(), c);
        FloatVector t = v.mul(num).div(den);
        t.intoArray(x, xi);
        EXACT.cast(FloatVector.fromArray(S, sum, si)).add(t).intoArray(sum, si);
    }

    // BEGIN GENERATED by conv-core/src/main/scripts/gen_elementwise_math.py: do not edit, run the script.
    /*
     * The loops broadcast their constants from these arrays, not from literals: JDK 25's C2
     * rematerialises the broadcast of a compile-time constant from its constant table at each use
     * inside a loop (13 vbroadcastss loads per vector in the tanh loop), but hoists the broadcast
     * of an array element out of the loop and keeps it in a register: the exact-tanh pass alone
     * measured ~30% cheaper on JDK 25, the same on JDK 17 (BENCHMARKS.md, "NAM A1 standard
     * against Neural Amp Modeler's C++ core on the Intel machine"). Same values, same bits.
     */
    private static final float[] TANH_K = {
        1f, 0.5f, TANH_CLAMP, TWO_LOG2E, ROUND_MAGIC, -LN2_HI,
        -LN2_LO, E6, E5, E4, E3, E2, E1};
    private static final float[] EXP_K = {
        EXP_MIN, EXP_MAX, LOG2E, ROUND_MAGIC, -LN2_HI, -LN2_LO,
        E6, E5, E4, E3, E2, E1};

    /** tanh, whole vectors. Needs len >= L. */
    static void tanhVectors(float[] x, int off, int len) {
        FloatVector one = EXACT.cast(FloatVector.broadcast(S, TANH_K[0]));
        FloatVector half = EXACT.cast(FloatVector.broadcast(S, TANH_K[1]));
        FloatVector clamp = EXACT.cast(FloatVector.broadcast(S, TANH_K[2]));
        FloatVector twoLog2e = EXACT.cast(FloatVector.broadcast(S, TANH_K[3]));
        FloatVector magic = EXACT.cast(FloatVector.broadcast(S, TANH_K[4]));
        FloatVector negLn2Hi = EXACT.cast(FloatVector.broadcast(S, TANH_K[5]));
        FloatVector negLn2Lo = EXACT.cast(FloatVector.broadcast(S, TANH_K[6]));
        FloatVector e6 = EXACT.cast(FloatVector.broadcast(S, TANH_K[7]));
        FloatVector e5 = EXACT.cast(FloatVector.broadcast(S, TANH_K[8]));
        FloatVector e4 = EXACT.cast(FloatVector.broadcast(S, TANH_K[9]));
        FloatVector e3 = EXACT.cast(FloatVector.broadcast(S, TANH_K[10]));
        FloatVector e2 = EXACT.cast(FloatVector.broadcast(S, TANH_K[11]));
        FloatVector e1 = EXACT.cast(FloatVector.broadcast(S, TANH_K[12]));
        int last = off + len - L;
        FloatVector tail = EXACT.cast(FloatVector.fromArray(S, x, last));
        for (int i = off; ; i += L) {
            boolean end = i >= last;
            int at = end ? last : i;
            FloatVector v = end ? tail : EXACT.cast(FloatVector.fromArray(S, x, at));
            // on |v| (clamped where tanh is 1 in float), then the sign bit of v is put back (-0 stays -0).
            // The clamp is a compare and a blend, not min(clamp): C2 lowers the Vector API's MIN (Java's
            // min: NaN and -0 rules) to six instructions on AVX-512 (sign mask, two blends, vminps, an
            // unordered compare, a masked move), where this is two. Same bits: |v| is >= +0 or NaN, and
            // a NaN compares false, so it stays (as min returns it).
            FloatVector av = v.abs();
            FloatVector a = av.blend(clamp, av.compare(VectorOperators.GT, clamp));
            FloatVector y = a.add(a);
            // h = expm1(y) / 2 by exp's reduction and polynomial, written out (see class comment).
            FloatVector tt = a.fma(twoLog2e, magic);
            FloatVector n = tt.sub(magic);
            FloatVector r = n.fma(negLn2Lo, n.fma(negLn2Hi, y));
            FloatVector r2 = r.mul(r);
            FloatVector q = r2.fma(r2.fma(r.fma(e6, e5), r.fma(e4, e3)), r.fma(e2, e1));
            FloatVector em1 = q.fma(r2, r);
            FloatVector halfScale = EXACT.cast(INT_EXACT.cast(tt.reinterpretAsInts()).lanewise(VectorOperators.LSHL, 23)
                    .add(HALF_SCALE_BIAS).reinterpretAsFloats());
            FloatVector h = halfScale.fma(em1, halfScale.sub(half));
            FloatVector w = h.div(h.add(one));
            FloatVector t = w.blend(h.neg().fma(w, h), h.compare(VectorOperators.LT, TANH_CORRECT_BELOW));
            FloatVector th = EXACT.cast(INT_EXACT.cast(t.reinterpretAsInts())
                    .or(INT_EXACT.cast(v.reinterpretAsInts()).and(SIGN)).reinterpretAsFloats());
            th.intoArray(x, at);
            if (end) {
                return;
            }
        }
    }

    /**
     * tanh into x and added into sum, {@code len / L} whole vectors (the caller does the rest: the
     * add must happen once per element, so there is no pulled-back last vector).
     */
    static void tanhAddIntoVectors(float[] x, int off, float[] sum, int sumOff, int len) {
        FloatVector one = EXACT.cast(FloatVector.broadcast(S, TANH_K[0]));
        FloatVector half = EXACT.cast(FloatVector.broadcast(S, TANH_K[1]));
        FloatVector clamp = EXACT.cast(FloatVector.broadcast(S, TANH_K[2]));
        FloatVector twoLog2e = EXACT.cast(FloatVector.broadcast(S, TANH_K[3]));
        FloatVector magic = EXACT.cast(FloatVector.broadcast(S, TANH_K[4]));
        FloatVector negLn2Hi = EXACT.cast(FloatVector.broadcast(S, TANH_K[5]));
        FloatVector negLn2Lo = EXACT.cast(FloatVector.broadcast(S, TANH_K[6]));
        FloatVector e6 = EXACT.cast(FloatVector.broadcast(S, TANH_K[7]));
        FloatVector e5 = EXACT.cast(FloatVector.broadcast(S, TANH_K[8]));
        FloatVector e4 = EXACT.cast(FloatVector.broadcast(S, TANH_K[9]));
        FloatVector e3 = EXACT.cast(FloatVector.broadcast(S, TANH_K[10]));
        FloatVector e2 = EXACT.cast(FloatVector.broadcast(S, TANH_K[11]));
        FloatVector e1 = EXACT.cast(FloatVector.broadcast(S, TANH_K[12]));
        for (int i = 0; i + L <= len; i += L) {
            FloatVector v = EXACT.cast(FloatVector.fromArray(S, x, off + i));
            // on |v| (clamped where tanh is 1 in float), then the sign bit of v is put back (-0 stays -0).
            // The clamp is a compare and a blend, not min(clamp): C2 lowers the Vector API's MIN (Java's
            // min: NaN and -0 rules) to six instructions on AVX-512 (sign mask, two blends, vminps, an
            // unordered compare, a masked move), where this is two. Same bits: |v| is >= +0 or NaN, and
            // a NaN compares false, so it stays (as min returns it).
            FloatVector av = v.abs();
            FloatVector a = av.blend(clamp, av.compare(VectorOperators.GT, clamp));
            FloatVector y = a.add(a);
            // h = expm1(y) / 2 by exp's reduction and polynomial, written out (see class comment).
            FloatVector tt = a.fma(twoLog2e, magic);
            FloatVector n = tt.sub(magic);
            FloatVector r = n.fma(negLn2Lo, n.fma(negLn2Hi, y));
            FloatVector r2 = r.mul(r);
            FloatVector q = r2.fma(r2.fma(r.fma(e6, e5), r.fma(e4, e3)), r.fma(e2, e1));
            FloatVector em1 = q.fma(r2, r);
            FloatVector halfScale = EXACT.cast(INT_EXACT.cast(tt.reinterpretAsInts()).lanewise(VectorOperators.LSHL, 23)
                    .add(HALF_SCALE_BIAS).reinterpretAsFloats());
            FloatVector h = halfScale.fma(em1, halfScale.sub(half));
            FloatVector w = h.div(h.add(one));
            FloatVector t = w.blend(h.neg().fma(w, h), h.compare(VectorOperators.LT, TANH_CORRECT_BELOW));
            FloatVector th = EXACT.cast(INT_EXACT.cast(t.reinterpretAsInts())
                    .or(INT_EXACT.cast(v.reinterpretAsInts()).and(SIGN)).reinterpretAsFloats());
            th.intoArray(x, off + i);
            EXACT.cast(FloatVector.fromArray(S, sum, sumOff + i)).add(th).intoArray(sum, sumOff + i);
        }
    }

    /**
     * With e = exp(-|x|) in (0, 1]: 1/(1+e) for x >= 0 and e/(1+e) for x < 0, so neither side
     * cancels and the negative side keeps full relative precision down to subnormals. Needs
     * len >= L.
     */
    static void sigmoidVectors(float[] x, int off, int len) {
        FloatVector one = EXACT.cast(FloatVector.broadcast(S, 1f));
        // exp's constants, as vectors: hoisted by hand, the loop body must stay call-free.
        FloatVector expMin = EXACT.cast(FloatVector.broadcast(S, EXP_K[0]));
        FloatVector expMax = EXACT.cast(FloatVector.broadcast(S, EXP_K[1]));
        FloatVector log2e = EXACT.cast(FloatVector.broadcast(S, EXP_K[2]));
        FloatVector magic = EXACT.cast(FloatVector.broadcast(S, EXP_K[3]));
        FloatVector negLn2Hi = EXACT.cast(FloatVector.broadcast(S, EXP_K[4]));
        FloatVector negLn2Lo = EXACT.cast(FloatVector.broadcast(S, EXP_K[5]));
        FloatVector e6 = EXACT.cast(FloatVector.broadcast(S, EXP_K[6]));
        FloatVector e5 = EXACT.cast(FloatVector.broadcast(S, EXP_K[7]));
        FloatVector e4 = EXACT.cast(FloatVector.broadcast(S, EXP_K[8]));
        FloatVector e3 = EXACT.cast(FloatVector.broadcast(S, EXP_K[9]));
        FloatVector e2 = EXACT.cast(FloatVector.broadcast(S, EXP_K[10]));
        FloatVector e1 = EXACT.cast(FloatVector.broadcast(S, EXP_K[11]));
        int last = off + len - L;
        FloatVector tail = EXACT.cast(FloatVector.fromArray(S, x, last));
        for (int i = off; ; i += L) {
            boolean end = i >= last;
            int at = end ? last : i;
            FloatVector v = end ? tail : EXACT.cast(FloatVector.fromArray(S, x, at));
            // e^-|x| as in expVectors.
            // the clamp as compare-and-blend, not max/min: see the clamp in tanhVectors. Same bits (-0 and NaN stay).
            FloatVector ex0 = v.abs().neg();
            FloatVector ex1 = ex0.blend(expMin, ex0.compare(VectorOperators.LT, expMin));
            FloatVector ex = ex1.blend(expMax, ex1.compare(VectorOperators.GT, expMax));
            FloatVector tt = ex.fma(log2e, magic);
            FloatVector n = tt.sub(magic);
            FloatVector r = n.fma(negLn2Lo, n.fma(negLn2Hi, ex));
            FloatVector q = r.fma(e6, e5).fma(r, e4).fma(r, e3).fma(r, e2).fma(r, e1);
            FloatVector er = q.mul(r.mul(r)).add(r).add(one);
            IntVector ni = INT_EXACT.cast(tt.reinterpretAsInts()).sub(ROUND_MAGIC_BITS);
            IntVector half = ni.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = EXACT.cast(half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector s2 = EXACT.cast(ni.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector e = er.mul(s1).mul(s2);
            FloatVector num = one.blend(e, v.compare(VectorOperators.LT, 0f));
            num.div(e.add(one)).intoArray(x, at);
            if (end) {
                return;
            }
        }
    }

    /** e^x, whole vectors. Needs len >= L. */
    static void expVectors(float[] x, int off, int len) {
        FloatVector one = EXACT.cast(FloatVector.broadcast(S, 1f));
        FloatVector expMin = EXACT.cast(FloatVector.broadcast(S, EXP_K[0]));
        FloatVector expMax = EXACT.cast(FloatVector.broadcast(S, EXP_K[1]));
        FloatVector log2e = EXACT.cast(FloatVector.broadcast(S, EXP_K[2]));
        FloatVector magic = EXACT.cast(FloatVector.broadcast(S, EXP_K[3]));
        FloatVector negLn2Hi = EXACT.cast(FloatVector.broadcast(S, EXP_K[4]));
        FloatVector negLn2Lo = EXACT.cast(FloatVector.broadcast(S, EXP_K[5]));
        FloatVector e6 = EXACT.cast(FloatVector.broadcast(S, EXP_K[6]));
        FloatVector e5 = EXACT.cast(FloatVector.broadcast(S, EXP_K[7]));
        FloatVector e4 = EXACT.cast(FloatVector.broadcast(S, EXP_K[8]));
        FloatVector e3 = EXACT.cast(FloatVector.broadcast(S, EXP_K[9]));
        FloatVector e2 = EXACT.cast(FloatVector.broadcast(S, EXP_K[10]));
        FloatVector e1 = EXACT.cast(FloatVector.broadcast(S, EXP_K[11]));
        int last = off + len - L;
        FloatVector tail = EXACT.cast(FloatVector.fromArray(S, x, last));
        for (int i = off; ; i += L) {
            boolean end = i >= last;
            int at = end ? last : i;
            FloatVector v = end ? tail : EXACT.cast(FloatVector.fromArray(S, x, at));
            // the clamp as compare-and-blend, not max/min: see the clamp in tanhVectors. Same bits (-0 and NaN stay).
            FloatVector ex0 = v;
            FloatVector ex1 = ex0.blend(expMin, ex0.compare(VectorOperators.LT, expMin));
            FloatVector ex = ex1.blend(expMax, ex1.compare(VectorOperators.GT, expMax));
            FloatVector tt = ex.fma(log2e, magic);
            FloatVector n = tt.sub(magic);
            FloatVector r = n.fma(negLn2Lo, n.fma(negLn2Hi, ex));
            FloatVector q = r.fma(e6, e5).fma(r, e4).fma(r, e3).fma(r, e2).fma(r, e1);
            FloatVector er = q.mul(r.mul(r)).add(r).add(one);
            IntVector ni = INT_EXACT.cast(tt.reinterpretAsInts()).sub(ROUND_MAGIC_BITS);
            IntVector half = ni.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = EXACT.cast(half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector s2 = EXACT.cast(ni.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            er.mul(s1).mul(s2).intoArray(x, at);
            if (end) {
                return;
            }
        }
    }
    // END GENERATED by conv-core/src/main/scripts/gen_elementwise_math.py
}
