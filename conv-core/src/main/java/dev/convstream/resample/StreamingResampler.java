package dev.convstream.resample;

import java.util.Arrays;

/**
 * One channel of a {@link Resampler} fed block by block: the output stream is the offline
 * {@link Resampler#resample} of everything fed so far, shifted by a declared whole number of
 * samples, whatever the block sizes (1, 7, 511, mixed).
 *
 * <p>Timing: output sample {@code j} sits at input time
 * {@code (j - latencyOutputSamples()) * in / out - latencyInputSamples()}; exactly one of the
 * two latencies is non-zero (see {@link Resampler#newStream()} and
 * {@link Resampler#newInputAlignedStream()}). An output is written as soon as the last input
 * sample under its filter has been fed, so after {@code T} inputs the count of outputs written
 * depends on {@code T} only. The first outputs, before the shifted time 0, hold the filter's
 * run-in of the signal's start (silence before it), not zeros forced in.
 *
 * <p>{@link #process} and {@link #reset} never allocate. Not thread-safe: one instance per
 * channel, used by one thread at a time (the audio thread, once created).
 */
public final class StreamingResampler {

    /** Input samples taken into the buffer per round; the buffer holds the filter plus this. */
    private static final int CHUNK = 1024;

    private final PolyphaseFilter filter;
    private final RateRatio ratio;
    private final int latencyOut;
    private final int latencyIn;
    private final int half;
    private final int pendingAtStart;
    private final float[] buf;

    /** Absolute input index of {@code buf[0]} (negative indices are the silence before the start). */
    private long bufStart;
    private int filled;
    /** Index of the next output sample. */
    private long next;

    // Where the output last passed to locate() sits: first input index, table row, blend.
    private long base;
    private int row;
    private float blend;

    StreamingResampler(PolyphaseFilter filter, RateRatio ratio, int latencyOut, int latencyIn) {
        this.filter = filter;
        this.ratio = ratio;
        this.latencyOut = latencyOut;
        this.latencyIn = latencyIn;
        this.half = filter.taps() / 2;
        locate(0);
        long firstBase = Math.min(base, 0);
        this.buf = new float[(int) -firstBase + filter.taps() + CHUNK];
        int ready = 0;
        while (true) {
            locate(ready);
            if (base + filter.taps() > 0) {
                break;
            }
            ready++;
        }
        this.pendingAtStart = ready;
        reset();
    }

    /**
     * Feeds {@code in[inOff .. inOff + n)} and writes the outputs it completes to {@code out}
     * from {@code outOff}. [audio-thread: allocation-free]
     *
     * @return how many outputs were written, at most {@link #maxOutput maxOutput(n)}
     * @throws IllegalArgumentException when a range is outside its array or {@code out} has less
     *                                  than {@code maxOutput(n)} room from {@code outOff}
     */
    public int process(float[] in, int inOff, int n, float[] out, int outOff) {
        if (n < 0 || inOff < 0 || inOff > in.length - n) {
            throw new IllegalArgumentException("input range [" + inOff + ", " + inOff + "+" + n + ") is outside an array of "
                    + in.length);
        }
        int room = maxOutput(n);
        if (outOff < 0 || outOff > out.length - room) {
            throw new IllegalArgumentException("output needs room for maxOutput(" + n + ") = " + room + " samples from offset "
                    + outOff + ", array has " + out.length);
        }
        int o = produce(out, outOff);
        int consumed = 0;
        while (consumed < n) {
            if (filled == buf.length) {
                compact();
            }
            int take = Math.min(n - consumed, buf.length - filled);
            System.arraycopy(in, inOff + consumed, buf, filled, take);
            filled += take;
            consumed += take;
            o = produce(out, o);
        }
        return o - outOff;
    }

    /**
     * The most outputs {@code n} inputs can complete: {@code ceil(n * out / in) + 2}, plus the
     * outputs that need no input at all (those of the run-in, on the first call).
     */
    public int maxOutput(int n) {
        return (int) Math.ceil(n / ratio.step()) + 2 + pendingAtStart;
    }

    /** Output samples the stream is shifted by, against the offline resampling. */
    public int latencyOutputSamples() {
        return latencyOut;
    }

    /** Input samples the stream is shifted by, against the offline resampling. */
    public int latencyInputSamples() {
        return latencyIn;
    }

    /** Back to the state before any input: silence in the filter, output count 0. [audio-thread] */
    public void reset() {
        locate(0);
        bufStart = Math.min(base, 0);
        filled = (int) -bufStart;
        Arrays.fill(buf, 0, filled, 0f);
        next = 0;
    }

    private int produce(float[] out, int o) {
        int taps = filter.taps();
        long end = bufStart + filled;
        while (true) {
            locate(next);
            if (base + taps > end) {
                return o;
            }
            int off = (int) (base - bufStart);
            out[o++] = filter.interpolated() ? filter.apply(row, blend, buf, off) : filter.apply(row, buf, off);
            next++;
        }
    }

    /** Drops the inputs no future output needs, moving the rest to the front. */
    private void compact() {
        locate(next);
        int drop = (int) (base - bufStart);
        System.arraycopy(buf, drop, buf, 0, filled - drop);
        bufStart += drop;
        filled -= drop;
    }

    /**
     * Sets {@link #base}, {@link #row}, {@link #blend} for output {@code j}. Rational ratios in
     * exact integer arithmetic (time in units of {@code 1/up} input samples), others in double,
     * the integer input latency subtracted after the floor so it never changes the blend.
     */
    private void locate(long j) {
        long n0;
        if (ratio.isRational()) {
            long num = (j - latencyOut) * ratio.down();
            n0 = Math.floorDiv(num, (long) ratio.up());
            row = (int) Math.floorMod(num, (long) ratio.up());
        } else {
            double t = (j - latencyOut) * ratio.step();
            double whole = Math.floor(t);
            double pos = (t - whole) * filter.phases();
            int p = Math.min((int) pos, filter.phases() - 1);
            n0 = (long) whole;
            row = p;
            blend = (float) (pos - p);
        }
        base = n0 - latencyIn - (half - 1);
    }
}
