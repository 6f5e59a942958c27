package dev.convstream.plugin;

/**
 * The gain ramp and buffers of one resource crossfade: over {@code length} samples the output
 * moves from the outgoing resource's to the incoming one's, {@code out = g * in + (1 - g) * old}
 * with {@code g = (k + 1) / length} at sample {@code k} of the fade (so the last sample is the
 * incoming resource's alone).
 *
 * <p>Why equal-gain (linear, {@code g + (1 - g) = 1}) and not equal-power ({@code sin/cos},
 * {@code g^2 + (1 - g)^2 = 1}): the two resources run on the same input (two amp models on the
 * same guitar, two cabinets on the same amp), so their outputs are strongly correlated, mostly in
 * phase. For correlated signals amplitudes add, and equal-gain keeps the level constant; the
 * equal-power law, made for uncorrelated signals whose powers add, would lift correlated ones by
 * up to 3 dB mid-fade ({@code 2 cos(pi/4) = 1.41}).
 *
 * <p>Owned by {@link ResourceHolder}: allocated in its {@code prepare} (scratch sized for the
 * spec's channels and maximum block), then used by the audio thread only, allocation-free.
 */
final class Crossfade {

    private final int length;
    /** The incoming resource's gain at each frame of the current block. */
    private final float[] gains;
    /** The outgoing resource's output of the current block, per channel. */
    private final float[][] outgoing;
    /** Samples of the fade before the current block; -1 when no fade runs. */
    private int position = -1;

    /**
     * [main-thread: allocates]
     *
     * @param length       fade length in samples, {@code >= 1}
     * @param channels     channels of the stream
     * @param maxBlockSize largest block the audio thread passes
     */
    Crossfade(int length, int channels, int maxBlockSize) {
        if (length < 1) {
            throw new IllegalArgumentException("crossfade length must be >= 1 sample, found " + length);
        }
        this.length = length;
        this.gains = new float[maxBlockSize];
        this.outgoing = new float[channels][maxBlockSize];
    }

    /** Fade length in samples. [thread-safe] */
    int length() {
        return length;
    }

    /** Starts a fade at the next {@link #advance}. [audio-thread] */
    void start() {
        position = 0;
    }

    /** Ends the fade (its end was reached, or the stream was reset). [audio-thread] */
    void stop() {
        position = -1;
    }

    /** Whether a fade runs. [audio-thread] */
    boolean running() {
        return position >= 0;
    }

    /** Whether the running fade has reached the incoming resource alone. [audio-thread] */
    boolean complete() {
        return position >= length;
    }

    /** Computes the gains of the next {@code frames} samples of the fade. [audio-thread] */
    void advance(int frames) {
        for (int i = 0; i < frames; i++) {
            gains[i] = Math.min(1f, (position + i + 1) / (float) length);
        }
        position += frames;
    }

    /** Where the outgoing resource writes channel {@code c} of this block, from index 0. [audio-thread] */
    float[] outgoingBuffer(int c) {
        return outgoing[c];
    }

    /** Where the outgoing resource writes every channel of this block, from index 0. [audio-thread] */
    float[][] outgoingBuffers() {
        return outgoing;
    }

    /** Channels of the stream the fade was made for. [thread-safe] */
    int channels() {
        return outgoing.length;
    }

    /**
     * Mixes channel {@code c}: {@code out[outOff + i] = g[i] * out[outOff + i] + (1 - g[i]) *
     * outgoing[i]} for the block's {@code frames} (the incoming resource's output is in
     * {@code out}). [audio-thread]
     */
    void mix(int c, float[] out, int outOff, int frames) {
        float[] old = outgoing[c];
        for (int i = 0; i < frames; i++) {
            float g = gains[i];
            out[outOff + i] = g * out[outOff + i] + (1f - g) * old[i];
        }
    }
}
