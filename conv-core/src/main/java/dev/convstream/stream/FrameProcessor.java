package dev.convstream.stream;

/**
 * A stream of frames in, a stream of frames out: a frame is the fixed-size vector of one time
 * step (a spectrogram column {@code [C][F]}, a channels-last feature frame {@code [F][C]}, a
 * feature vector {@code [C]}), and blocks of frames are frame-major, frame {@code t} of a block at
 * {@code in[inOff + t * inputSize()]}. {@link StreamingConv2d}, the streaming CNN and its stages,
 * and RTNeural models and their layers are all frame processors.
 *
 * <p>Lifecycle, as every processor of convstream (JUCE's {@code prepare}/{@code process}/
 * {@code reset}): fixed configuration (shapes, frequency bins, weights) goes to the constructor;
 * {@link #prepare} takes the <b>maximum block size</b>, here in frames, and allocates; then
 * {@link #process} and {@link #reset} any number of times, which neither allocate, lock nor log.
 * {@code prepare}, {@code reset} and {@code process} must not run concurrently.
 *
 * <p>Sample streams are not frame streams: {@code model.StreamingModel} (mono audio models) and
 * {@link StreamingConv1d} (channel-major planar blocks with a channel stride, any channel count)
 * take blocks of samples laid out per channel, which a frame-major block is not. They share this
 * lifecycle and the meaning of {@code prepare(int)}, not the data layout.
 */
public interface FrameProcessor {

    /** Floats per input frame. */
    int inputSize();

    /** Floats per output frame. */
    int outputSize();

    /** Input frames by which the output lags the offline computation; 0 unless the processor says otherwise. */
    default int latency() {
        return 0;
    }

    /**
     * Allocates everything for blocks of up to {@code maxBlockSize} frames, then {@link #reset}s.
     * Not real-time safe.
     */
    void prepare(int maxBlockSize);

    /** Back to the start of a signal (zero history). */
    void reset();

    /**
     * Consumes {@code frames} input frames, {@code 1 <= frames <= maxBlockSize}, from
     * {@code in[inOff..]} and writes the output frames they complete to {@code out[outOff..]}.
     *
     * @return the output frames written: {@code frames} unless the processor strides in time
     */
    int process(float[] in, int inOff, float[] out, int outOff, int frames);

    /** {@link #process(float[], int, float[], int, int)} from offset 0. */
    default int process(float[] in, float[] out, int frames) {
        return process(in, 0, out, 0, frames);
    }

    /** One frame; true when it completed an output frame. */
    default boolean step(float[] in, int inOff, float[] out, int outOff) {
        return process(in, inOff, out, outOff, 1) == 1;
    }
}
