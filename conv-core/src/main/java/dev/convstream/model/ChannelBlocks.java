package dev.convstream.model;

import dev.convstream.check.Require;

/**
 * The multi-channel call of {@link StreamingModel}
 * ({@link StreamingModel#process(float[][], int, float[][], int, int)}) for a model whose block
 * step is a {@link ChannelModel}: the argument checks, and the copy of the caller's channel
 * arrays into the step's planar, channel-major layout and of its output rows back. One input
 * channel needs no copy (the step reads the caller's array); several are copied into a buffer
 * allocated in {@link #prepare}, so the call is allocation-free. Every input is copied (or, for
 * one channel, read by the step) before an output is written, so the call may run in place.
 */
final class ChannelBlocks {

    private float[] planar = new float[0];  // [inChannels][maxBlock] when inChannels > 1
    private int maxBlock;

    /** Allocates for {@code inChannels} inputs of up to {@code maxBlockSize} frames. */
    void prepare(int inChannels, int maxBlockSize) {
        planar = inChannels > 1 ? new float[inChannels * maxBlockSize] : new float[0];
        maxBlock = maxBlockSize;
    }

    /** {@code step} on {@code frames} frames of {@code in[0..)} into {@code out[0..)}; see the class comment. */
    void process(StreamingModel owner, ChannelModel step, float[][] in, int inOff, float[][] out, int outOff,
                 int frames) {
        if (maxBlock == 0) {
            throw new IllegalStateException(owner.getClass().getSimpleName() + " used before prepare(maxBlockSize)");
        }
        check(owner, in, inOff, out, outOff, frames);
        Require.frames(frames, 1, maxBlock);
        int ins = step.inChannels();
        float[] y;
        if (ins == 1) {
            y = step.compute(in[0], inOff, frames, frames, false);
        } else {
            for (int c = 0; c < ins; c++) {
                System.arraycopy(in[c], inOff, planar, c * frames, frames);
            }
            y = step.compute(planar, 0, frames, frames, false);
        }
        for (int o = 0, outs = step.outChannels(); o < outs; o++) {
            System.arraycopy(y, o * frames, out[o], outOff, frames);
        }
    }

    /**
     * Checks that {@code in} and {@code out} hold at least the model's channel counts of arrays,
     * each covering its block.
     *
     * @throws IllegalArgumentException naming the side and channel at fault
     */
    static void check(StreamingModel m, float[][] in, int inOff, float[][] out, int outOff, int frames) {
        rows("in", in, m.inputChannels(), inOff, frames);
        rows("out", out, m.outputChannels(), outOff, frames);
    }

    /** Checks the rows of a whole signal: the input channel count of them, all of one length. */
    static void checkRows(StreamingModel m, float[][] input) {
        Require.notNull("input", input);
        if (input.length < m.inputChannels()) {
            throw new IllegalArgumentException("input has " + input.length + " channel(s); the model takes "
                    + m.inputChannels());
        }
        for (int c = 0; c < m.inputChannels(); c++) {
            if (input[c] == null || input[c].length != input[0].length) {
                throw new IllegalArgumentException("input channel " + c + " must hold " + input[0].length
                        + " samples like channel 0, found " + (input[c] == null ? "null" : input[c].length));
            }
        }
    }

    private static void rows(String side, float[][] a, int channels, int off, int frames) {
        if (a == null || a.length < channels) {
            throw new IllegalArgumentException(side + " must hold " + channels + " channel array(s), found "
                    + (a == null ? "null" : a.length));
        }
        for (int c = 0; c < channels; c++) {
            if (a[c] == null || off < 0 || frames < 0 || off + frames > a[c].length) {
                throw new IllegalArgumentException(side + "[" + c + "][" + off + ", +" + frames
                        + ") is outside its array (length " + (a[c] == null ? "null" : a[c].length) + ")");
            }
        }
    }

    /** The mono call of a model of several channels. */
    static IllegalStateException notMono(String model, int inputs, int outputs) {
        return new IllegalStateException("this " + model + " has " + inputs + " input(s) and " + outputs
                + " output(s): run it with process(float[][], int, float[][], int, int)");
    }
}
