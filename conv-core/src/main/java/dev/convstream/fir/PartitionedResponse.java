package dev.convstream.fir;

import dev.convstream.fft.RealFft;

/**
 * An impulse response cut for zero-latency uniformly partitioned convolution (see
 * {@link ZeroLatencyConvolver}) with partition size {@code P}, a power of two: the head, taps
 * {@code [0, min(L, P))}, kept as taps for the direct convolution; the tail, partition
 * {@code j} holding taps {@code [P + jP, P + (j+1)P)} zero-padded to {@code 2P}, kept as its
 * spectrum ({@link RealFft#forward}, bins {@code 0..P}).
 *
 * <p>Immutable after construction: one instance serves every channel that convolves with the
 * same taps, each through its own {@link ZeroLatencyConvolver}. [thread-safe]
 */
public final class PartitionedResponse {

    /**
     * Responses up to this many taps run entirely in the time domain (head only): below it the
     * two FFTs per partition cost more than the direct taps they replace. Provisional: the
     * crossover depends on how fast the one-row head runs, which depends on the kernel family
     * and on whether {@code StreamingConv1d} gives a one-row conv its direct kernel (today it
     * does not, and the head costs the same ~4 ns per tap with either family, which puts the
     * crossover below 96 taps; with the direct kernel it moves to ~100 taps for the scalar
     * family and ~1,000 for the vector family). Figures and how to re-measure: BENCHMARKS.md,
     * "FIR: direct vs partitioned" ({@code FirBenchmark}, {@code FirCpuTime}).
     */
    public static final int DIRECT_MAX_TAPS = 96;
    /** Smallest partition: below it the FFT bookkeeping outweighs the head it saves. */
    public static final int MIN_PARTITION = 64;
    /**
     * Largest partition: the head runs as im2col + GEMM, whose column buffer is {@code P x P}
     * floats (1 MB at 512), and its cost per sample grows with P while the tail's shrinks only
     * as {@code 1/P}.
     */
    public static final int MAX_PARTITION = 512;

    private final int length;
    private final int partition;
    private final float[] head;
    private final double[][] tailRe;
    private final double[][] tailIm;

    /** {@code taps} (tap 0 first, copied) with the partition {@link #partitionFor} chooses. */
    public static PartitionedResponse of(float[] taps) {
        if (taps == null || taps.length == 0) {
            throw new IllegalArgumentException("impulse response must have at least one tap");
        }
        return new PartitionedResponse(taps, partitionFor(taps.length));
    }

    /**
     * @param taps      the impulse response, tap 0 first (copied)
     * @param partition P, a power of two
     */
    public PartitionedResponse(float[] taps, int partition) {
        if (taps == null || taps.length == 0) {
            throw new IllegalArgumentException("impulse response must have at least one tap");
        }
        if (partition < 1 || Integer.bitCount(partition) != 1) {
            throw new IllegalArgumentException("partition must be a power of two, found " + partition);
        }
        this.length = taps.length;
        this.partition = partition;
        this.head = java.util.Arrays.copyOf(taps, Math.min(taps.length, partition));
        int count = (Math.max(0, taps.length - partition) + partition - 1) / partition;
        tailRe = new double[count][partition + 1];
        tailIm = new double[count][partition + 1];
        if (count > 0) {
            RealFft fft = new RealFft(2 * partition);
            float[] padded = new float[2 * partition];
            for (int j = 0; j < count; j++) {
                int from = partition + j * partition;
                int n = Math.min(partition, taps.length - from);
                java.util.Arrays.fill(padded, 0f);
                System.arraycopy(taps, from, padded, 0, n);
                fft.forward(padded, 0, tailRe[j], tailIm[j]);
            }
        }
    }

    /**
     * The partition size P for a response of {@code taps} taps. Per sample the head costs P
     * multiply-adds and the tail about {@code 8 (L - P) / P} flops of spectrum products plus two
     * FFTs of 2P, so the cost is least near {@code P = 2 sqrt(L)}; rounded to a power of two and
     * kept in {@code [MIN_PARTITION, MAX_PARTITION]}. Responses of at most
     * {@link #DIRECT_MAX_TAPS} taps are all head: P is then the next power of two at or above
     * their length.
     */
    public static int partitionFor(int taps) {
        if (taps < 1) {
            throw new IllegalArgumentException("an impulse response has at least one tap, found " + taps);
        }
        if (taps <= DIRECT_MAX_TAPS) {
            return Integer.highestOneBit(Math.max(1, taps - 1)) << 1;
        }
        int ideal = (int) Math.round(2 * Math.sqrt(taps));
        int p = Integer.highestOneBit(ideal);
        if (ideal - p > 2 * p - ideal) {
            p *= 2;
        }
        return Math.max(MIN_PARTITION, Math.min(MAX_PARTITION, p));
    }

    /** Taps in the whole response, L. */
    public int length() {
        return length;
    }

    /** P. */
    public int partition() {
        return partition;
    }

    /** Number of tail partitions; 0 when the response fits in the head. */
    public int tailPartitions() {
        return tailRe.length;
    }

    /** Taps {@code [0, min(L, P))}, tap 0 first (not to be modified). */
    float[] head() {
        return head;
    }

    /** Real parts of partition {@code j}'s spectrum, bins {@code 0..P} (not to be modified). */
    double[] tailRe(int j) {
        return tailRe[j];
    }

    /** Imaginary parts of partition {@code j}'s spectrum, bins {@code 0..P} (not to be modified). */
    double[] tailIm(int j) {
        return tailIm[j];
    }
}
