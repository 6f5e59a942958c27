package dev.convstream.plugins.convolver;

import be.tarsos.dsp.util.fft.FloatFFT;

/**
 * The spectra of an impulse response's tail, cut into partitions for uniformly partitioned
 * overlap-save convolution: partition {@code j} holds taps {@code [P + jP, P + (j+1)P)}
 * (the first {@code P} taps, the head, are convolved directly), zero-padded to {@code 2P} and
 * transformed with {@link FloatFFT#realForward}, in its packed layout ({@code [0]} = bin 0,
 * {@code [1]} = bin P, then re/im pairs), already scaled so that the unscaled inverse
 * ({@code realInverse(a, false)}, which returns {@code P = N/2} times the signal, Ooura's
 * convention) needs no further scaling: divided by {@code P}.
 *
 * <p>Immutable after construction: shared by every channel that uses the same taps.
 */
final class TailSpectra {

    private final int partition;
    private final float[][] spectra;

    /**
     * @param taps      the whole impulse response, tap 0 first
     * @param partition P, a power of two
     * @param fft       a transform of size {@code 2P}
     */
    TailSpectra(float[] taps, int partition, FloatFFT fft) {
        this.partition = partition;
        int tail = Math.max(0, taps.length - partition);
        int count = (tail + partition - 1) / partition;
        this.spectra = new float[count][2 * partition];
        float scale = 1f / partition;
        for (int j = 0; j < count; j++) {
            int from = partition + j * partition;
            int n = Math.min(partition, taps.length - from);
            float[] s = spectra[j];
            for (int i = 0; i < n; i++) {
                s[i] = taps[from + i] * scale;
            }
            fft.realForward(s);
        }
    }

    /** P. */
    int partition() {
        return partition;
    }

    /** Number of tail partitions; 0 when the response fits in the head. */
    int count() {
        return spectra.length;
    }

    /** Spectrum of partition {@code j} (not to be modified). */
    float[] get(int j) {
        return spectra[j];
    }
}
