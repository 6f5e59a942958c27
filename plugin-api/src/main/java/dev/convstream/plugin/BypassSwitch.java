package dev.convstream.plugin;

/**
 * Bypass for one position of a {@link PluginChain}: a flag any thread sets, and the audio-thread
 * side that follows it without a click.
 *
 * <p>A switch crossfades linearly between the plugin's output and its input over
 * {@link #FADE_SECONDS} (one value per frame, shared by every channel). The input (the "dry"
 * path) is delayed by the plugin's {@linkplain AudioPlugin#latencySamples() latency}, so both
 * sides of the fade are time-aligned and the chain's latency stays the same whether the plugin
 * is bypassed or not. A linear fade keeps the level of correlated signals (dry and wet of a
 * gain or a filter are), which an equal-power fade would raise by up to 3 dB mid-way.
 *
 * <p>While fully bypassed the plugin is not called (a bypass saves its CPU); it is
 * {@linkplain AudioPlugin#reset() reset} when it comes back, so it starts from silence rather
 * than from the stale state of the moment it was bypassed, and fades in from there.
 *
 * <p>Channels: the dry path of a plugin that changes the channel count plays input channel
 * {@code min(c, inputs - 1)} on output channel {@code c} (a bypassed mono-to-stereo plugin sends
 * its mono input to both sides; a bypassed downmix passes the first channels).
 *
 * <p>{@link #prepare} allocates (a dry buffer and the delay line), every other audio-thread
 * method is allocation- and lock-free. The flag is a volatile boolean: the audio thread reads
 * it once per block, so a switch takes effect at the next block boundary.
 */
final class BypassSwitch {

    /** Crossfade duration: long enough not to click, short enough to feel immediate. */
    static final double FADE_SECONDS = SmoothedValue.DEFAULT_RAMP_SECONDS;

    private volatile boolean bypassed;

    // Audio-thread state.
    private final SmoothedValue wet = new SmoothedValue(1f);
    private float[][] dry = new float[0][];
    private float[][] delay = new float[0][];
    private int delayPos;
    private boolean idle;
    private int inputs;
    private int outputs;

    /** Asks for the plugin to be bypassed ({@code true}) or active. [thread-safe] */
    void setBypassed(boolean bypassed) {
        this.bypassed = bypassed;
    }

    /** Whether the plugin is asked to be bypassed (the fade may still be running). [thread-safe] */
    boolean isBypassed() {
        return bypassed;
    }

    /**
     * Allocates for {@code spec} and a plugin of {@code latency} samples, and jumps to the
     * requested state. [main-thread, audio stopped]
     */
    void prepare(ProcessSpec spec, int latency) {
        wet.prepare(spec.sampleRate(), FADE_SECONDS);
        inputs = spec.channels();
        outputs = spec.outputChannels();
        dry = new float[inputs][spec.maxBlockSize()];
        delay = new float[inputs][Math.max(0, latency)];
        reset();
    }

    /** Clears the delay line and ends any fade. [audio-thread, or main-thread while audio is stopped] */
    void reset() {
        for (float[] d : delay) {
            java.util.Arrays.fill(d, 0f);
        }
        delayPos = 0;
        boolean off = bypassed;
        wet.setCurrentAndTarget(off ? 0f : 1f);
        idle = off;
    }

    /** Runs {@code plugin} on {@code block} as the switch says, in place. [audio-thread] */
    void process(AudioPlugin plugin, AudioBlock block) {
        wet.setTarget(bypassed ? 0f : 1f);
        if (!wet.isSmoothing() && wet.current() == 1f) {
            delayInput(block, Dry.DISCARD);
            plugin.process(block);
            return;
        }
        if (!wet.isSmoothing()) {
            // Fully bypassed: the input, delayed as the plugin would have delayed it.
            delayInput(block, Dry.IN_PLACE);
            idle = true;
            return;
        }
        if (idle) {
            plugin.reset();
            idle = false;
        }
        delayInput(block, Dry.TO_BUFFER);
        plugin.process(block);
        mix(block);
    }

    /** Where {@link #delayInput} puts the delayed input. */
    private enum Dry { DISCARD, IN_PLACE, TO_BUFFER }

    /**
     * Pushes the block's input through the delay line (so it always holds the latest input,
     * ready for a bypass) and puts the delayed input where {@code dryTo} says.
     */
    private void delayInput(AudioBlock block, Dry dryTo) {
        int off = block.offset();
        int n = block.frames();
        int length = delay.length > 0 ? delay[0].length : 0;
        if (length == 0 && dryTo != Dry.TO_BUFFER) {
            widenInPlace(block, dryTo);
            return;
        }
        for (int c = 0; c < inputs; c++) {
            float[] x = block.channel(c);
            if (length == 0) {
                System.arraycopy(x, off, dry[c], 0, n);
                continue;
            }
            float[] line = delay[c];
            int p = delayPos;
            for (int i = 0; i < n; i++) {
                float delayed = line[p];
                line[p] = x[off + i];
                p = p + 1 == length ? 0 : p + 1;
                if (dryTo == Dry.IN_PLACE) {
                    x[off + i] = delayed;
                } else if (dryTo == Dry.TO_BUFFER) {
                    dry[c][i] = delayed;
                }
            }
        }
        if (length > 0) {
            delayPos = (int) ((delayPos + (long) n) % length);
        }
        widenInPlace(block, dryTo);
    }

    /** A bypassed plugin that widens the stream: the last input channel fills the outputs beyond it. */
    private void widenInPlace(AudioBlock block, Dry dryTo) {
        if (dryTo != Dry.IN_PLACE) {
            return;
        }
        int off = block.offset();
        for (int c = inputs; c < outputs; c++) {
            System.arraycopy(block.channel(inputs - 1), off, block.channel(c), off, block.frames());
        }
    }

    /** {@code block = g * block + (1 - g) * dry}, g stepping along the fade once per frame. */
    private void mix(AudioBlock block) {
        int off = block.offset();
        int n = block.frames();
        for (int i = 0; i < n; i++) {
            float g = wet.next();
            for (int c = 0; c < outputs; c++) {
                float[] x = block.channel(c);
                x[off + i] = g * x[off + i] + (1f - g) * dry[Math.min(c, inputs - 1)][i];
            }
        }
    }
}
