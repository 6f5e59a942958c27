package dev.convstream.resample;

import dev.convstream.check.Require;
import java.util.Arrays;

/**
 * Runs a {@link BlockProcessor} made for one sample rate (the inner rate: a model trained at
 * 48 kHz) inside a stream at another (the outer rate: a 44.1 kHz host), one channel:
 * resample in, process, resample out, and a FIFO so that every outer block of {@code n} frames
 * gives back exactly {@code n} frames, any {@code n} up to the {@code maxBlock} it was built for.
 * A processor of several channels ({@link ChannelBlockProcessor}: a model of N inputs and M
 * outputs) gets one input stage per input channel and one output stage and FIFO per output
 * channel; every stage of a side runs the same resampler on the same counts, so all channels
 * stay in step.
 *
 * <p>Latency, constant and whole in outer samples ({@link #latency()}): the input stage is
 * aligned to its input ({@link Resampler#newInputAlignedStream()}, {@code taps/2} outer
 * samples) and the output stage to its output ({@link Resampler#newStream()},
 * {@code ceil(taps/2 * outer / inner)} outer samples), so their sum is whole although each
 * stage's ratio is not. With those alignments the output stage has, after any {@code T} outer
 * inputs, written at least {@code T} outer outputs, so the FIFO needs no priming for a rational
 * ratio (one sample of priming otherwise, for the rounding of double-precision times). Pass
 * the input through unchanged and the output is the input delayed by {@link #latency()},
 * band-limited to the lower of the two rates' bands.
 *
 * <p>{@link #process} and {@link #reset} never allocate. Not thread-safe: one per channel (one
 * per model, for a processor of several channels).
 */
public final class RateAdapter {

    private final StreamingResampler[] up;    // per input channel
    private final StreamingResampler[] down;  // per output channel
    private final ChannelBlockProcessor inner;
    private final int maxBlock;
    private final int priming;
    private final float[][] innerIn;
    private final float[][] innerOut;
    private final float[][] fifo;
    private int fifoCount;
    /** The mono call's caller arrays, held only during the call (no allocation per call). */
    private final float[][] monoIn = new float[1][];
    private final float[][] monoOut = new float[1][];

    /**
     * @param outerRate the stream's rate, Hz
     * @param innerRate the rate {@code inner} was made for, Hz
     * @param maxBlock  the largest outer block {@link #process} will be given
     * @param inner     the processing at the inner rate
     */
    public RateAdapter(double outerRate, double innerRate, int maxBlock, BlockProcessor inner) {
        this(new Resampler(outerRate, innerRate), new Resampler(innerRate, outerRate), maxBlock, inner);
    }

    /** With the two resamplers given (outer to inner, inner to outer), e.g. of another design. */
    public RateAdapter(Resampler outerToInner, Resampler innerToOuter, int maxBlock, BlockProcessor inner) {
        this(outerToInner, innerToOuter, 1, 1, maxBlock, mono(inner));
    }

    /**
     * A processor of {@code inChannels} inputs and {@code outChannels} outputs, run through
     * {@link #process(float[][], int, float[][], int, int)}.
     */
    public RateAdapter(Resampler outerToInner, Resampler innerToOuter, int inChannels, int outChannels, int maxBlock,
                       ChannelBlockProcessor inner) {
        RateRatio in = outerToInner.ratio();
        RateRatio out = innerToOuter.ratio();
        if (in.inRate() != out.outRate() || in.outRate() != out.inRate()) {
            throw new IllegalArgumentException("the resamplers must go outer -> inner and back, found " + in.inRate() + " -> "
                    + in.outRate() + " and " + out.inRate() + " -> " + out.outRate());
        }
        Require.atLeastOne("inChannels", inChannels);
        Require.atLeastOne("outChannels", outChannels);
        this.maxBlock = Require.atLeastOne("maxBlock", maxBlock);
        this.inner = Require.notNull("inner", inner);
        this.up = new StreamingResampler[inChannels];
        for (int c = 0; c < inChannels; c++) {
            up[c] = outerToInner.newInputAlignedStream();
        }
        this.down = new StreamingResampler[outChannels];
        for (int c = 0; c < outChannels; c++) {
            down[c] = innerToOuter.newStream();
        }
        this.priming = in.isRational() && out.isRational() ? 0 : 1;
        int innerMax = up[0].maxOutput(maxBlock);
        this.innerIn = new float[inChannels][innerMax];
        this.innerOut = new float[outChannels][innerMax];
        this.fifo = new float[outChannels][priming + maxBlock + down[0].maxOutput(innerMax)];
        reset();
    }

    private static ChannelBlockProcessor mono(BlockProcessor inner) {
        Require.notNull("inner", inner);
        return (in, out, n) -> inner.process(in[0], out[0], n);
    }

    /**
     * Outer samples from input to output: the input stage's shift, the output stage's shift and
     * the FIFO's priming. The inner processor's own latency, if any, comes on top.
     */
    public int latency() {
        return up[0].latencyInputSamples() + down[0].latencyOutputSamples() + priming;
    }

    /** The largest block the inner processor is given: size its buffers with it. */
    public int maxInnerBlock() {
        return innerIn[0].length;
    }

    /**
     * {@code n} outer frames in, {@code n} out, of a one-channel processor; {@code in} and
     * {@code out} may be the same range. [audio-thread: allocation-free]
     */
    public void process(float[] in, int inOff, float[] out, int outOff, int n) {
        if (up.length != 1 || down.length != 1) {
            throw new IllegalStateException("this adapter runs " + up.length + " -> " + down.length
                    + " channels: use process(float[][], int, float[][], int, int)");
        }
        monoIn[0] = in;
        monoOut[0] = out;
        try {
            process(monoIn, inOff, monoOut, outOff, n);
        } finally {
            monoIn[0] = null;
            monoOut[0] = null;
        }
    }

    /**
     * {@code n} outer frames of every input channel {@code in[0 .. inChannels)} in, {@code n} of
     * every output channel {@code out[0 .. outChannels)} out; in place (the same arrays) is
     * allowed: every input is read before an output is written. [audio-thread: allocation-free]
     */
    public void process(float[][] in, int inOff, float[][] out, int outOff, int n) {
        Require.frames(n, 0, maxBlock);
        int m = 0;
        for (int c = 0; c < up.length; c++) {
            m = up[c].process(in[c], inOff, n, innerIn[c], 0);
        }
        if (m > 0) {
            inner.process(innerIn, innerOut, m);
        }
        int count = fifoCount;
        for (int c = 0; c < down.length; c++) {
            count = fifoCount + down[c].process(innerOut[c], 0, m, fifo[c], fifoCount);
        }
        if (count < n) {
            // Unreachable by the alignment argument above; a wrong argument must not pass silently.
            throw new IllegalStateException("rate adapter FIFO ran dry: " + count + " of " + n + " frames");
        }
        for (int c = 0; c < down.length; c++) {
            System.arraycopy(fifo[c], 0, out[c], outOff, n);
            System.arraycopy(fifo[c], n, fifo[c], 0, count - n);
        }
        fifoCount = count - n;
    }

    /** Every resampler and FIFO back to silence (the inner processor is the caller's). [audio-thread] */
    public void reset() {
        for (StreamingResampler s : up) {
            s.reset();
        }
        for (StreamingResampler s : down) {
            s.reset();
        }
        for (float[] f : fifo) {
            Arrays.fill(f, 0f);
        }
        fifoCount = priming;
    }
}
