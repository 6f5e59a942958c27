package dev.convstream.kernel;

import dev.convstream.check.Require;

/**
 * How a kernel family runs a long single-channel FIR fastest: the one place where the crossover
 * between the direct streaming kernel and the partitioned FFT engine
 * ({@code fir.ZeroLatencyConvolver}) is written. Up to {@link #directMaxTaps} taps the whole
 * response runs directly; above, a head of {@code P} taps runs directly and the rest as
 * uniformly partitioned FFT convolution, with {@code P} near {@code partitionScale * sqrt(L)}.
 *
 * <p>Why the scale: per sample the head costs {@code P} taps at the family's cost per tap and the
 * tail about {@code L / P} complex products, least at {@code P ~ sqrt(L * product / tap)}; the
 * Vector API head is ~10x cheaper per tap than the scalar one, so its best partition is larger.
 * The figures (per JDK, thread CPU time of the {@code FirBenchmark} setups, since wall-clock JMH
 * means were useless on the loaded machine) are in BENCHMARKS.md, "Single-channel FIR, second
 * round" (the partition scale), "The FIR crossover with the single-row tiles on JDK 17" (the
 * vector crossover, re-measured once JDK 17 ran the tiles) and "The scalar family's FIR crossover,
 * re-measured" (the scalar plan, after the direct kernels and the FFT engine had changed).
 *
 * @param directMaxTaps  responses of at most this many taps run entirely in the time domain
 * @param partitionScale {@code P ~ partitionScale * sqrt(L)} above the crossover
 * @param minPartition   smallest P (a power of two): below it the FFT bookkeeping outweighs the head it saves
 * @param maxPartition   largest P (a power of two): bounds the work done in the one block that completes a frame
 */
public record FirPlan(int directMaxTaps, double partitionScale, int minPartition, int maxPartition) {

    public FirPlan {
        Require.atLeastOne("directMaxTaps", directMaxTaps);
        if (!(partitionScale > 0)) {
            throw new IllegalArgumentException("partitionScale must be > 0, found " + partitionScale);
        }
        powerOfTwo("minPartition", minPartition);
        powerOfTwo("maxPartition", maxPartition);
        if (maxPartition < minPartition) {
            throw new IllegalArgumentException("maxPartition must be >= minPartition (" + minPartition + "), found "
                    + maxPartition);
        }
    }

    /**
     * The partition size P for a response of {@code taps} taps: at or above its length (all head)
     * up to {@link #directMaxTaps}, else {@code partitionScale * sqrt(taps)} rounded to the nearest
     * power of two within {@code [minPartition, maxPartition]}.
     */
    public int partitionFor(int taps) {
        Require.atLeastOne("taps", taps);
        if (taps <= directMaxTaps) {
            return Integer.highestOneBit(Math.max(1, taps - 1)) << 1;
        }
        int ideal = (int) Math.round(partitionScale * Math.sqrt(taps));
        int p = Integer.highestOneBit(Math.max(1, ideal));
        if (ideal - p > 2 * p - ideal) {
            p *= 2;
        }
        return Math.max(minPartition, Math.min(maxPartition, p));
    }

    private static void powerOfTwo(String name, int value) {
        if (value < 1 || Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException(name + " must be a power of two, found " + value);
        }
    }
}
