package dev.convstream.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's FMA peak as the GEMM's micro-kernel would reach it: the same 24 independent
 * accumulator chains as {@code VectorGemm}'s 8 x 3-vector tile, registers only, no load. The
 * accumulator is the addend, as in the kernel: C2's vector FMA writes its addend's register, so
 * with a shared addend ({@code acc.fma(m, c)}) every FMA would need a register copy.
 */
final class FmaPeak {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Vector FMAs per step of {@link #run}. */
    static final int FMAS_PER_STEP = 24;

    private FmaPeak() {
    }

    /** Floating-point operations one call of {@link #run} with {@code steps} makes. */
    static long flops(long steps) {
        return 2L * FMAS_PER_STEP * S.length() * steps;
    }

    /** {@code steps} steps of 24 vector FMAs; returns a lane of the sum so that nothing is dead code. */
    static float run(float mul, float start, int steps) {
        FloatVector m = FloatVector.broadcast(S, mul);
        FloatVector c0 = FloatVector.broadcast(S, start);
        FloatVector a00 = c0, a01 = c0.add(1f), a02 = c0.add(2f), a10 = c0.add(3f), a11 = c0.add(4f);
        FloatVector a12 = c0.add(5f), a20 = c0.add(6f), a21 = c0.add(7f), a22 = c0.add(8f), a30 = c0.add(9f);
        FloatVector a31 = c0.add(10f), a32 = c0.add(11f), a40 = c0.add(12f), a41 = c0.add(13f);
        FloatVector a42 = c0.add(14f), a50 = c0.add(15f), a51 = c0.add(16f), a52 = c0.add(17f);
        FloatVector a60 = c0.add(18f), a61 = c0.add(19f), a62 = c0.add(20f), a70 = c0.add(21f);
        FloatVector a71 = c0.add(22f), a72 = c0.add(23f);
        for (int i = 0; i < steps; i++) {
            a00 = m.fma(c0, a00); a01 = m.fma(c0, a01); a02 = m.fma(c0, a02);
            a10 = m.fma(c0, a10); a11 = m.fma(c0, a11); a12 = m.fma(c0, a12);
            a20 = m.fma(c0, a20); a21 = m.fma(c0, a21); a22 = m.fma(c0, a22);
            a30 = m.fma(c0, a30); a31 = m.fma(c0, a31); a32 = m.fma(c0, a32);
            a40 = m.fma(c0, a40); a41 = m.fma(c0, a41); a42 = m.fma(c0, a42);
            a50 = m.fma(c0, a50); a51 = m.fma(c0, a51); a52 = m.fma(c0, a52);
            a60 = m.fma(c0, a60); a61 = m.fma(c0, a61); a62 = m.fma(c0, a62);
            a70 = m.fma(c0, a70); a71 = m.fma(c0, a71); a72 = m.fma(c0, a72);
        }
        return a00.add(a01).add(a02).add(a10).add(a11).add(a12).add(a20).add(a21).add(a22)
                .add(a30).add(a31).add(a32).add(a40).add(a41).add(a42).add(a50).add(a51).add(a52)
                .add(a60).add(a61).add(a62).add(a70).add(a71).add(a72).lane(0);
    }
}
