package dev.convstream.plugin;

/**
 * A value that moves linearly to a new target over a fixed time instead of jumping, so a gain
 * or mix change does not click (JUCE's {@code SmoothedValue<float, Linear>}).
 *
 * <p>Owned by the audio thread: {@link #prepare} allocates nothing but is the one call made
 * while audio is stopped; every other method is {@code [audio-thread]} and allocation-free.
 * Typical use, once per block: {@code smoother.setTarget((float) param.get())}, then
 * {@link #next()} per sample or {@link #applyGain} over the block.
 */
public final class SmoothedValue {

    /**
     * The ramp every shipped plugin uses for gains and mixes: long enough to be inaudible as a
     * step, short enough to feel immediate.
     */
    public static final double DEFAULT_RAMP_SECONDS = 0.02;

    private int rampLength = 1;
    private float current;
    private float target;
    private float step;
    private int remaining;

    /** A smoother resting at {@code initial}; call {@link #prepare} before use. */
    public SmoothedValue(float initial) {
        this.current = initial;
        this.target = initial;
    }

    /**
     * Sets the ramp duration and jumps to the target (no ramp pending). [main-thread, audio stopped]
     *
     * @param sampleRate  samples per second
     * @param rampSeconds ramp duration; 0 disables smoothing
     */
    public void prepare(double sampleRate, double rampSeconds) {
        if (!(sampleRate > 0) || !(rampSeconds >= 0)) {
            throw new IllegalArgumentException("need sampleRate > 0 and rampSeconds >= 0, found "
                    + sampleRate + " and " + rampSeconds);
        }
        this.rampLength = Math.max(1, (int) Math.round(sampleRate * rampSeconds));
        setCurrentAndTarget(target);
    }

    /** Jumps to {@code value} with no ramp (after {@code reset}). [audio-thread] */
    public void setCurrentAndTarget(float value) {
        current = value;
        target = value;
        remaining = 0;
        step = 0;
    }

    /**
     * Starts a ramp from the current value to {@code value}; a no-op when {@code value} is
     * already the target, so calling it every block with an unchanged parameter is free.
     * [audio-thread]
     */
    public void setTarget(float value) {
        if (value == target) {
            return;
        }
        target = value;
        if (rampLength <= 1) {
            setCurrentAndTarget(value);
            return;
        }
        remaining = rampLength;
        step = (target - current) / rampLength;
    }

    /** Advances one sample and returns the new value. [audio-thread] */
    public float next() {
        if (remaining > 0) {
            current += step;
            if (--remaining == 0) {
                current = target;
            }
        }
        return current;
    }

    /** Whether a ramp is in progress. [audio-thread] */
    public boolean isSmoothing() {
        return remaining > 0;
    }

    /** The value {@link #next()} last returned (or the resting value). [audio-thread] */
    public float current() {
        return current;
    }

    /** The value being ramped to. [audio-thread] */
    public float target() {
        return target;
    }

    /**
     * Multiplies {@code a[off, off+n)} by the smoothed value, advancing it one step per sample;
     * a plain multiply when no ramp is in progress. [audio-thread]
     */
    public void applyGain(float[] a, int off, int n) {
        int i = off;
        int end = off + n;
        while (remaining > 0 && i < end) {
            a[i] *= next();
            i++;
        }
        float g = current;
        for (; i < end; i++) {
            a[i] *= g;
        }
    }

    /**
     * Multiplies every channel of {@code block} by the smoothed value, advancing it one step
     * per frame (one value per frame shared by every channel, so channels stay in step); a
     * plain multiply, or nothing at unity, when no ramp is in progress. [audio-thread]
     */
    public void applyGain(AudioBlock block) {
        int off = block.offset();
        int end = off + block.frames();
        int channels = block.channelCount();
        int i = off;
        for (; remaining > 0 && i < end; i++) {
            float g = next();
            for (int c = 0; c < channels; c++) {
                block.channel(c)[i] *= g;
            }
        }
        float g = current;
        if (g == 1f) {
            return;
        }
        for (int c = 0; c < channels; c++) {
            float[] x = block.channel(c);
            for (int j = i; j < end; j++) {
                x[j] *= g;
            }
        }
    }
}
