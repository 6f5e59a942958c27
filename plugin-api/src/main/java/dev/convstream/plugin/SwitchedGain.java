package dev.convstream.plugin;

/**
 * A gain that a switch turns on and off, such as a resource's loudness normalisation under a
 * {@code normalize} parameter: multiplies by {@code g} when on and by 1 when off, moving
 * linearly between the two over {@link SmoothedValue#DEFAULT_RAMP_SECONDS} when the switch
 * flips. The gain {@code g} is given at each {@link #apply} rather than held, so one switch
 * serves several resources in the same block, each with its own {@code g}: both sides of a
 * resource crossfade ({@link ResourceHolder#render}).
 *
 * <p>Owned by the audio thread: {@link #prepare} allocates (audio stopped), every other method
 * is {@code [audio-thread]} and allocation-free.
 */
public final class SwitchedGain {

    /** 1 on, 0 off, ramping in between. */
    private final SmoothedValue on = new SmoothedValue(1f);
    /** {@link #on} at each frame of the current block. */
    private float[] ramp = new float[0];

    /** Allocates for blocks of up to {@code spec.maxBlockSize()} and rests at {@code switchedOn}. [main-thread, audio stopped] */
    public void prepare(ProcessSpec spec, boolean switchedOn) {
        ramp = new float[spec.maxBlockSize()];
        on.prepare(spec.sampleRate(), SmoothedValue.DEFAULT_RAMP_SECONDS);
        reset(switchedOn);
    }

    /** Rests at {@code switchedOn}, no ramp. [audio-thread, or main-thread while audio is stopped] */
    public void reset(boolean switchedOn) {
        on.setCurrentAndTarget(switchedOn ? 1f : 0f);
    }

    /**
     * Moves the switch to {@code switchedOn} (a ramp starts when it flips) and computes the next
     * {@code frames} samples of it, for the {@link #apply} calls of this block. [audio-thread]
     */
    public void advance(int frames, boolean switchedOn) {
        on.setTarget(switchedOn ? 1f : 0f);
        for (int i = 0; i < frames; i++) {
            ramp[i] = on.next();
        }
    }

    /**
     * Multiplies {@code out[off, off + frames)} by {@code (1 - s) + s * gain}, {@code s} the
     * switch at each frame of the block: exactly 1 when off, exactly {@code gain} when on.
     * [audio-thread]
     */
    public void apply(float gain, float[] out, int off, int frames) {
        for (int i = 0; i < frames; i++) {
            float s = ramp[i];
            out[off + i] *= (1f - s) + s * gain;
        }
    }
}
