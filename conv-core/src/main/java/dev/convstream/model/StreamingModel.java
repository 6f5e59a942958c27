package dev.convstream.model;

/**
 * A mono audio model run block by block: {@link #prepare} once off the audio thread, then
 * {@link #reset} and {@link #process} as often as needed. Output starts as if the input had been
 * preceded by endless silence (NAM's pre-warm), from the first sample.
 *
 * <p>Threading: {@code prepare}, {@code reset} and {@code process} must not run concurrently.
 * After {@code prepare}, {@code reset} and {@code process} neither allocate, lock nor log, so
 * they may run on an audio thread.
 *
 * <p>Not a {@link dev.convstream.stream.FrameProcessor}: a model here maps a block of mono
 * samples to a block of samples, one out per one in, with the signal's own block layout, while
 * a frame processor maps frame-major blocks of fixed-size vectors and may emit fewer frames
 * than it takes. The lifecycle is the same: {@code prepare(maxBlockSize)} means the maximum
 * block size in both.
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
     * A new model with the same weights and kernels, not yet prepared, sharing no state with this
     * one. Not real-time safe.
     */
    StreamingModel newInstance();

    /**
     * The whole {@code input} in one call, with large blocks, from the silent steady state;
     * independent of this instance's stream state (it runs a {@link #newInstance}, allocated here).
     */
    default float[] processOffline(float[] input) {
        float[] output = new float[input.length];
        if (input.length == 0) {
            return output;
        }
        StreamingModel engine = newInstance();
        int block = Math.min(input.length, OFFLINE_BLOCK);
        engine.prepare(block);
        for (int t = 0; t < input.length; t += block) {
            engine.process(input, t, output, t, Math.min(block, input.length - t));
        }
        return output;
    }

    /** Block size of {@link #processOffline}: large enough to amortise per-call costs, small enough for the cache. */
    int OFFLINE_BLOCK = 8192;
}
