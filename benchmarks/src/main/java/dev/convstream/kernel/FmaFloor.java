package dev.convstream.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The floor of a kernel's block: its vector FMAs on 16 independent register accumulators, no
 * loads or stores, enough to cover the 4-cycle latency of two FMA pipes. The benchmarks that
 * measure a kernel against it ({@link StreamingBlockBenchmark}, {@link WaveNetConvBenchmark}) pass
 * their own fields for {@code mul}, {@code add} and the seed, so JMH cannot fold the work away.
 * Vectors stay inside this one method (JDK 17's C2 boxes vectors that cross a call).
 */
final class FmaFloor {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private FmaFloor() {
    }

    /** {@code 16 * steps} vector FMAs; the lanes' sum keeps them live. */
    static float run(float[] seed, float mul, float add, int steps) {
        FloatVector m = FloatVector.broadcast(S, mul);
        FloatVector c = FloatVector.broadcast(S, add);
        FloatVector a0 = FloatVector.fromArray(S, seed, 0);
        FloatVector a1 = a0.add(1f), a2 = a0.add(2f), a3 = a0.add(3f), a4 = a0.add(4f), a5 = a0.add(5f);
        FloatVector a6 = a0.add(6f), a7 = a0.add(7f), a8 = a0.add(8f), a9 = a0.add(9f), a10 = a0.add(10f);
        FloatVector a11 = a0.add(11f), a12 = a0.add(12f), a13 = a0.add(13f), a14 = a0.add(14f), a15 = a0.add(15f);
        for (int i = 0; i < steps; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
            a12 = a12.fma(m, c);
            a13 = a13.fma(m, c);
            a14 = a14.fma(m, c);
            a15 = a15.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .add(a12).add(a13).add(a14).add(a15).lane(0);
    }
}
