package dev.convstream.resample;

/**
 * Processing of one block at a {@link RateAdapter}'s inner rate over several channels: reads
 * {@code in[c][0 .. n)} of every input channel, writes {@code out[c][0 .. n)} of every output
 * channel, all at the same time (a model of N inputs and M outputs). Called on the audio thread
 * with {@code n} up to {@link RateAdapter#maxInnerBlock()}; must not allocate.
 */
@FunctionalInterface
public interface ChannelBlockProcessor {

    void process(float[][] in, float[][] out, int n);
}
