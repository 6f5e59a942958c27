package dev.convstream.fir;

import dev.convstream.check.Require;
import dev.convstream.fft.RealFft;
import dev.convstream.kernel.FirPlan;
import dev.convstream.kernel.Kernels;

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

    private final int length;
    private final int partition;
    private final float[] head;
    private final double[][] tailRe;
    private final double[][] tailIm;

    /**
     * {@code taps} (tap 0 first, copied) cut as {@code kernels}' {@link FirPlan} says: all head
     * up to its crossover, else a head of the partition it chooses and an FFT tail. Use the
     * same family for the {@link ZeroLatencyConvolver}s that run it.
     */
    public static PartitionedResponse of(float[] taps, Kernels kernels) {
        if (taps == null || taps.length == 0) {
            throw new IllegalArgumentException("impulse response must have at least one tap");
        }
        Require.notNull("kernels", kernels);
        return new PartitionedResponse(taps, kernels.firPlan().partitionFor(taps.length));
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
