package dev.convstream.model;

/**
 * A NAM model as a block step over planar, channel-major blocks of any channel count: what a
 * WaveNet's condition DSP is ({@link WaveNetStack}, {@link Lstm}, {@link ConvNet},
 * {@link LinearStack}). Row r of an n-frame input block starts at {@code xOff + r * xStride}; the
 * output is {@code [outChannels][n]} with row stride n, valid until the next call.
 *
 * <p>Start of signal: after {@link #prepare} (and after {@link #reset}) the state is the one NAM
 * core reaches by its prewarm. A model that is not {@link #recurrent()} reaches the steady state
 * of endless silence, which one frame of silence with {@code settle} set finds (each history is
 * filled with its input's value in that frame). A recurrent one (an LSTM, or a WaveNet whose
 * condition DSP is one) does not settle in a frame: its prewarm is run sample by sample, and
 * {@link #capture()} makes the state reached the one {@code reset} restores.
 */
interface ChannelModel {

    int inChannels();

    int outChannels();

    /** Allocates for blocks of up to {@code maxBlockSize} frames and ends in the prewarmed state. */
    void prepare(int maxBlockSize);

    /** Back to the prewarmed state; allocation-free. */
    void reset();

    /** One block of {@code n} frames; {@code settle}: the one-frame steady-state run (see the class comment). */
    float[] compute(float[] x, int xOff, int xStride, int n, boolean settle);

    /** Whether silence does not settle in one frame, so the prewarm must be run (see the class comment). */
    boolean recurrent();

    /** The current state becomes the one {@link #reset()} restores; allocation-free. */
    void capture();
}
