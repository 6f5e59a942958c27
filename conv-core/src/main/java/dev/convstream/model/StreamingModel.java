package dev.convstream.model;

/**
 * An audio model run block by block, mono unless it says otherwise: {@link #prepare} once off the audio thread, then
 * {@link #reset} and {@link #process} as often as needed. Output starts as if the input had been
 * preceded by endless silence (NAM's pre-warm), from the first sample.
 *
 * <p>Threading: {@code prepare}, {@code reset} and {@code process} must not run concurrently.
 * After {@code prepare}, {@code reset} and {@code process} neither allocate, lock nor log, so
 * they may run on an audio thread.
 *
 * <p>Channels: a model has {@link #inputChannels()} inputs and {@link #outputChannels()} outputs,
 * both 1 for a mono model. A mono model runs through {@link #process(float[], int, float[], int, int)};
 * every model, mono or not, through {@link #process(float[][], int, float[][], int, int)}, whose
 * blocks are channel-major (one array per channel, frames {@code [off, off + frames)} of each).
 * The mono call of a model of several channels throws. A player that runs one instance per
 * channel of a stream (the {@code nam} plugin on a mono model) does so only for mono models.
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
     *
     * @throws IllegalStateException when the model is not mono in and out (use
     *                               {@link #process(float[][], int, float[][], int, int)})
     */
    void process(float[] in, int inOff, float[] out, int outOff, int frames);

    /** Channels of the input: 1 for a mono model. */
    default int inputChannels() {
        return 1;
    }

    /** Channels of the output: 1 for a mono model. */
    default int outputChannels() {
        return 1;
    }

    /**
     * Processes {@code frames} frames, {@code 1 <= frames <= maxBlockSize}, of the
     * {@link #inputChannels()} arrays {@code in[0..)} from {@code inOff} into the
     * {@link #outputChannels()} arrays {@code out[0..)} from {@code outOff}; further arrays of
     * either are not touched. In place (the same arrays, same offset) is allowed: every input is
     * read before an output is written. Allocation-free; for a mono model the same as
     * {@link #process(float[], int, float[], int, int)} on {@code in[0]} and {@code out[0]}.
     *
     * @throws IllegalArgumentException when there are fewer arrays than channels, or a range is
     *                                  outside its array
     */
    default void process(float[][] in, int inOff, float[][] out, int outOff, int frames) {
        ChannelBlocks.check(this, in, inOff, out, outOff, frames);
        process(in[0], inOff, out[0], outOff, frames);
    }

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

    /**
     * The whole {@code input} ({@link #inputChannels()} rows of equal length) in one call, as
     * {@link #processOffline(float[])} does for a mono model; returns {@link #outputChannels()} rows.
     */
    default float[][] processOffline(float[][] input) {
        ChannelBlocks.checkRows(this, input);
        int length = input[0].length;
        float[][] output = new float[outputChannels()][length];
        if (length == 0) {
            return output;
        }
        StreamingModel engine = newInstance();
        int block = Math.min(length, OFFLINE_BLOCK);
        engine.prepare(block);
        for (int t = 0; t < length; t += block) {
            engine.process(input, t, output, t, Math.min(block, length - t));
        }
        return output;
    }

    /** Block size of {@link #processOffline}: large enough to amortise per-call costs, small enough for the cache. */
    int OFFLINE_BLOCK = 8192;
}
