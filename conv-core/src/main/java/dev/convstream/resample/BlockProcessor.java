package dev.convstream.resample;

/**
 * Processing of one block of samples at a {@link RateAdapter}'s inner rate: reads
 * {@code in[0 .. n)}, writes {@code out[0 .. n)}, both at the same time (a processor with
 * latency of its own adds it, in inner samples, to the adapter's). Called on the audio thread
 * with {@code n} up to {@link RateAdapter#maxInnerBlock()}; must not allocate.
 */
@FunctionalInterface
public interface BlockProcessor {

    void process(float[] in, float[] out, int n);
}
