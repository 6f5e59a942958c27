package dev.convstream.resample;

import dev.convstream.check.Require;
import java.util.Arrays;

/**
 * Runs a {@link BlockProcessor} made for one sample rate (the inner rate: a model trained at
 * 48 kHz) inside a stream at another (the outer rate: a 44.1 kHz host), one channel:
 * resample in, process, resample out, and a FIFO so that every outer block of {@code n} frames
 * gives back exactly {@code n} frames, any {@code n} up to the {@code maxBlock} it was built for.
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
 * <p>{@link #process} and {@link #reset} never allocate. Not thread-safe: one per channel.
 */
public final class RateAdapter {

    private final StreamingResampler up;
    private final StreamingResampler down;
    private final BlockProcessor inner;
    private final int maxBlock;
    private final int priming;
    private final float[] innerIn;
    private final float[] innerOut;
    private final float[] fifo;
    private int fifoCount;

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
        RateRatio in = outerToInner.ratio();
        RateRatio out = innerToOuter.ratio();
        if (in.inRate() != out.outRate() || in.outRate() != out.inRate()) {
            throw new IllegalArgumentException("the resamplers must go outer -> inner and back, found " + in.inRate() + " -> "
                    + in.outRate() + " and " + out.inRate() + " -> " + out.outRate());
        }
        this.maxBlock = Require.atLeastOne("maxBlock", maxBlock);
        this.inner = Require.notNull("inner", inner);
        this.up = outerToInner.newInputAlignedStream();
        this.down = innerToOuter.newStream();
        this.priming = in.isRational() && out.isRational() ? 0 : 1;
        int innerMax = up.maxOutput(maxBlock);
        this.innerIn = new float[innerMax];
        this.innerOut = new float[innerMax];
        this.fifo = new float[priming + maxBlock + down.maxOutput(innerMax)];
        reset();
    }

    /**
     * Outer samples from input to output: the input stage's shift, the output stage's shift and
     * the FIFO's priming. The inner processor's own latency, if any, comes on top.
     */
    public int latency() {
        return up.latencyInputSamples() + down.latencyOutputSamples() + priming;
    }

    /** The largest block the inner processor is given: size its buffers with it. */
    public int maxInnerBlock() {
        return innerIn.length;
    }

    /**
     * {@code n} outer frames in, {@code n} out; {@code in} and {@code out} may be the same
     * range. [audio-thread: allocation-free]
     */
    public void process(float[] in, int inOff, float[] out, int outOff, int n) {
        Require.frames(n, 0, maxBlock);
        int m = up.process(in, inOff, n, innerIn, 0);
        if (m > 0) {
            inner.process(innerIn, innerOut, m);
        }
        fifoCount += down.process(innerOut, 0, m, fifo, fifoCount);
        if (fifoCount < n) {
            // Unreachable by the alignment argument above; a wrong argument must not pass silently.
            throw new IllegalStateException("rate adapter FIFO ran dry: " + fifoCount + " of " + n + " frames");
        }
        System.arraycopy(fifo, 0, out, outOff, n);
        fifoCount -= n;
        System.arraycopy(fifo, n, fifo, 0, fifoCount);
    }

    /** Both resamplers and the FIFO back to silence (the inner processor is the caller's). [audio-thread] */
    public void reset() {
        up.reset();
        down.reset();
        Arrays.fill(fifo, 0f);
        fifoCount = priming;
    }
}
