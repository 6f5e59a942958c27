package dev.convstream.resample;

import dev.convstream.check.Require;

/**
 * Band-limited sample-rate conversion by a polyphase FIR: a Kaiser-windowed sinc
 * ({@link ResamplerDesign}) cut into one branch per output phase, each output one dot product
 * of {@link #taps} input samples with one branch (rational ratios, e.g. 44100 -> 16000 =
 * 160/441), or the blend of two neighbouring branches of a 512-branch table (any other ratio,
 * see {@link RateRatio}).
 *
 * <p>Alignment, offline: output sample {@code k} sits at input time {@code k * in / out} (sample
 * 0 on sample 0, no leading delay); the signal is taken as silent before its first and after
 * its last sample; the output has {@code ceil(n * out / in)} samples, those whose times fall in
 * {@code [0, n)}. This is {@code scipy.signal.resample_poly(x, up, down, window=h)} with this
 * filter {@code h}.
 *
 * <p>Streaming: {@link #newStream()} (shift declared in output samples) and
 * {@link #newInputAlignedStream()} (shift declared in input samples).
 *
 * <p>Immutable; the table is shared by every stream made from it: [thread-safe].
 */
public final class Resampler {

    private static final int CHUNK = 4096;

    private final RateRatio ratio;
    private final ResamplerDesign design;
    private final PolyphaseFilter filter;

    /** {@link ResamplerDesign#DEFAULT} from {@code inRate} to {@code outRate} (Hz). */
    public Resampler(double inRate, double outRate) {
        this(inRate, outRate, ResamplerDesign.DEFAULT);
    }

    public Resampler(double inRate, double outRate, ResamplerDesign design) {
        this.ratio = RateRatio.of(inRate, outRate);
        this.design = Require.notNull("design", design);
        this.filter = PolyphaseFilter.design(design, ratio);
    }

    public RateRatio ratio() {
        return ratio;
    }

    public ResamplerDesign design() {
        return design;
    }

    /** Input samples under the filter for each output sample. */
    public int taps() {
        return filter.taps();
    }

    /** Polyphase branches in the table ({@code up} for a rational ratio, 512 otherwise). */
    public int phases() {
        return filter.phases();
    }

    /** Row {@code p} of the polyphase table (a copy): see {@code docs/resampler.md}. */
    public float[] branch(int p) {
        Require.inRange("branch", p, 0, filter.interpolated() ? filter.phases() : filter.phases() - 1);
        return filter.row(p);
    }

    /** {@code ceil(n * out / in)}: the outputs whose times {@code k * in / out} fall in {@code [0, n)}. */
    public int outputLength(int n) {
        Require.nonNegative("input length", n);
        if (ratio.isRational()) {
            return (int) (((long) n * ratio.up() + ratio.down() - 1) / ratio.down());
        }
        long k = (long) Math.ceil(n / ratio.step());
        while (k > 0 && (k - 1) * ratio.step() >= n) {
            k--;
        }
        while (k * ratio.step() < n) {
            k++;
        }
        return Math.toIntExact(k);
    }

    /** The whole signal {@code x} at the output rate: {@link #outputLength outputLength(x.length)} samples. */
    public float[] resample(float[] x) {
        int length = outputLength(x.length);
        float[] y = new float[length];
        StreamingResampler stream = new StreamingResampler(filter, ratio, 0, 0);
        float[] scratch = new float[stream.maxOutput(CHUNK)];
        float[] silence = new float[CHUNK];
        int done = 0;
        int fed = 0;
        while (done < length) {
            int got;
            if (fed < x.length) {
                int n = Math.min(CHUNK, x.length - fed);
                got = stream.process(x, fed, n, scratch, 0);
                fed += n;
            } else {
                got = stream.process(silence, 0, CHUNK, scratch, 0);
            }
            int keep = Math.min(got, length - done);
            System.arraycopy(scratch, 0, y, done, keep);
            done += keep;
        }
        return y;
    }

    /**
     * A stream whose output is the offline output delayed by a whole number of output samples,
     * {@code ceil((taps/2) * out / in)}: the fewest for which every output needs no input
     * later than its own time. Output {@code j} is offline output {@code j - latency}.
     */
    public StreamingResampler newStream() {
        int half = filter.taps() / 2;
        int latency = ratio.isRational()
                ? (int) (((long) half * ratio.up() + ratio.down() - 1) / ratio.down())
                : (int) Math.ceil(half / ratio.step());
        return new StreamingResampler(filter, ratio, latency, 0);
    }

    /**
     * A stream whose output is the offline output of the input delayed by {@code taps/2} input
     * samples: output {@code j} sits at input time {@code j * in / out - taps/2}, and is
     * written as soon as input sample {@code floor(j * in / out)} has been fed. The first
     * stage of a {@link RateAdapter}: its shift is whole in the outer rate's samples.
     */
    public StreamingResampler newInputAlignedStream() {
        return new StreamingResampler(filter, ratio, 0, filter.taps() / 2);
    }
}
