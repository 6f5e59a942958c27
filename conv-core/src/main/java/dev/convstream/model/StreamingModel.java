package dev.convstream.model;

/**
 * A mono audio model run block by block: {@link #prepare} once off the audio thread, then
 * {@link #reset} and {@link #process} as often as needed. Output starts as if the input had been
 * preceded by endless silence (NAM's pre-warm), from the first sample.
 *
 * <p>Threading: {@code prepare}, {@code reset} and {@code process} must not run concurrently.
 * After {@code prepare}, {@code reset} and {@code process} neither allocate, lock nor log, so
 * they may run on an audio thread.
 */
public interface StreamingModel {

    /** Allocates everything for blocks of up to {@code maxBlockSize} frames, then resets. */
    void prepare(int maxBlockSize);

    /** Back to the steady state of endless silence. */
    void reset();

    /**
     * Processes {@code frames} samples, {@code 1 <= frames <= maxBlockSize}, from
     * {@code in[inOff..]} into {@code out[outOff..]}; in place ({@code in == out}, same offset) is allowed.
     */
    void process(float[] in, int inOff, float[] out, int outOff, int frames);

    /** {@link #process(float[], int, float[], int, int)} from offset 0. */
    default void process(float[] in, float[] out, int frames) {
        process(in, 0, out, 0, frames);
    }

    /** Samples the output lags the input by; 0 for the causal models here. */
    int latency();

    /** Input samples one output sample depends on. */
    int receptiveField();

    /**
     * The whole {@code input} in one call, with large blocks, from the silent steady state;
     * independent of this instance's stream state (it uses its own buffers, allocated here).
     */
    float[] processOffline(float[] input);
}
