package dev.convstream.plugin;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything a plugin with a heavy resource (a model, an impulse response) needs around it:
 * the resource's spec, the value it was set from (a path), the loaded form, and the prepared
 * form that the audio thread uses, handed over through a {@link ResourceSlot}.
 *
 * <p>Lifecycle, in either order (JUCE's convolution tests run both):
 * <ul>
 *   <li>{@link #set} before {@link #prepare}: the value is loaded and kept; {@code prepare}
 *       builds the prepared form for the spec and swaps it in right away.</li>
 *   <li>{@link #set} after {@link #prepare} (also while audio runs): the value is loaded,
 *       built for the current spec and published; the audio thread picks it up at its next
 *       block boundary. A failure leaves the previous resource in use and the value unchanged.</li>
 *   <li>{@link #prepare} again (another spec): the loaded resource is built again for it.</li>
 * </ul>
 * Until a value is set, {@link #acquire()} returns null: the plugin passes audio through.
 *
 * <h2>Crossfaded swaps</h2>
 * A plugin that processes with {@link #beginBlock} and {@link #render} (instead of
 * {@link #acquire()}) gets every swap while audio plays crossfaded: for
 * {@value #CROSSFADE_SECONDS} s ({@link #crossfadeFrames}: 2400 samples at 48 kHz) the audio
 * thread runs both the outgoing and the incoming resource on the same input and mixes them with
 * an equal-gain linear ramp, {@code out = g * new + (1 - g) * old} with {@code g = (k + 1) / F}
 * at sample {@code k} of an {@code F}-sample fade, then retires the outgoing one to the control
 * threads as before. Equal-gain, not equal-power: both outputs come from the same input, so they
 * are correlated and their amplitudes add; gains summing to 1 keep the level, where equal-power
 * gains (made for uncorrelated signals, whose powers add) would lift the middle of the fade by
 * up to 3 dB. 50 ms: far longer than a click (a step, or a ramp of a few
 * ms, is heard as one), short enough to hear the new model or response at once when auditioning.
 * Nothing is allocated or locked: the scratch buffers are allocated in {@link #prepare}.
 * <ul>
 *   <li>The incoming resource starts from the state its builder left it in: a model reset to
 *       the steady state of silence (NAM's pre-warm), a convolution with empty history. The fade
 *       hides the difference from a resource that had heard the input all along; that
 *       difference vanishes once the resource's memory (receptive field, response length) of
 *       input before the swap has passed.</li>
 *   <li>A resource published during a fade waits until the fade has ended, then fades in from
 *       the one that just finished fading in (a newer publish supersedes it, as always): every
 *       fade is a whole one between two resources, so no swap is abrupt, at the cost of up to
 *       one fade plus one block of delay.</li>
 *   <li>No fade when there is nothing to be continuous with: the first resource after
 *       pass-through, and any swap before the first block after {@link #prepare} or
 *       {@link #reset} (a resource loaded before audio starts, e.g. by {@code loadState}, or an
 *       offline run): those swap at once, as {@link #acquire()} does. {@link #reset} also ends a
 *       fade in progress.</li>
 * </ul>
 *
 * <p>A resource whose channels are computed together (a model of several channels) renders
 * the whole block with {@link #renderBlock} instead of channel by channel with {@link #render};
 * the crossfade is the same, per output channel.
 *
 * <p>Control-thread methods are [main-thread] (the host serialises them); {@link #acquire()},
 * {@link #beginBlock}, {@link #render}, {@link #renderBlock} and {@link #reset} are [audio-thread].
 *
 * @param <L> the loaded form (e.g. a parsed model file), independent of the process spec
 * @param <P> the prepared form (allocated and warmed for one spec), owned by the audio thread
 *            once published
 */
public final class ResourceHolder<L, P> {

    /** Reads a resource from its value (usually a path). [main-thread; may block on I/O] */
    @FunctionalInterface
    public interface Loader<L> {
        /**
         * @throws IOException              naming the file when it cannot be read
         * @throws IllegalArgumentException naming the file when its content is unusable
         */
        L load(String value) throws IOException;
    }

    /** Makes a loaded resource ready for one spec: allocates, warms up. [main-thread] */
    @FunctionalInterface
    public interface Builder<L, P> {
        /** @throws IllegalArgumentException naming the file when it does not fit {@code spec} */
        P build(L loaded, String value, ProcessSpec spec);
    }

    /** How one resource turns one channel of input into output, run by {@link #render}. [audio-thread] */
    @FunctionalInterface
    public interface Renderer<P> {
        /**
         * Writes {@code resource}'s output for channel {@code channel} of {@code frames} samples
         * of {@code in[inOff..]} to {@code out[outOff..]}. Must allow {@code in == out} at the
         * same offset (in-place), and must not allocate, lock or block.
         */
        void render(P resource, int channel, float[] in, int inOff, float[] out, int outOff, int frames);
    }

    /**
     * How one resource turns a whole block into output when it processes its channels together
     * (a model of N inputs and M outputs), run by {@link #renderBlock}. [audio-thread]
     */
    @FunctionalInterface
    public interface BlockRenderer<P> {
        /**
         * Writes {@code resource}'s output, the spec's {@code outputChannels} arrays
         * {@code out[0..)} of {@code frames} samples from {@code outOff}, for the input arrays
         * {@code in[0..)} from {@code inOff}. Must allow {@code in == out} at the same offset
         * (in place: every input read before an output is written), and must not allocate, lock
         * or block.
         */
        void render(P resource, float[][] in, int inOff, float[][] out, int outOff, int frames);
    }

    /** Duration of a crossfaded swap, in seconds (see the class comment). */
    public static final double CROSSFADE_SECONDS = 0.05;

    private final String pluginId;
    private final ResourceSpec spec;
    private final Loader<? extends L> loader;
    private final Builder<? super L, ? extends P> builder;
    private final ResourceSlot<P> slot;

    // Control-thread state.
    private ProcessSpec processSpec;
    private L loaded;
    private String value;

    // Audio-thread state (replaced only in prepare, with audio stopped).
    private Crossfade fade = new Crossfade(1, 0, 0);
    /** Whether a resource has played a block since prepare or reset: a swap then fades. */
    private boolean sounding;
    private int blockFrames;

    /**
     * @param pluginId the owning plugin's id, for messages
     * @param spec     the resource (one of the plugin's descriptor resources)
     * @param loader   reads a value
     * @param builder  prepares a loaded resource for a spec
     * @param releaser frees a prepared resource no longer in use, on a control thread
     */
    public ResourceHolder(String pluginId, ResourceSpec spec, Loader<? extends L> loader,
                          Builder<? super L, ? extends P> builder, Consumer<? super P> releaser) {
        this.pluginId = pluginId;
        this.spec = spec;
        this.loader = loader;
        this.builder = builder;
        this.slot = new ResourceSlot<>(null, releaser);
    }

    /** The resource this holder holds. [thread-safe] */
    public ResourceSpec spec() {
        return spec;
    }

    /** Whether {@code resourceId} is this holder's resource. [thread-safe] */
    public boolean holds(String resourceId) {
        return spec.id().equals(resourceId);
    }

    /**
     * Loads {@code newValue} and, when prepared, builds and publishes it (see the class
     * comment). [main-thread; blocks on I/O and warm-up]
     *
     * @throws IllegalArgumentException when the value is blank, or what the loader or builder
     *                                  throws; the previous resource stays
     * @throws IOException              what the loader throws; the previous resource stays
     */
    public void set(String newValue) throws IOException {
        if (newValue == null || newValue.isBlank()) {
            throw new IllegalArgumentException("plugin '" + pluginId + "': resource '" + spec.id()
                    + "' must be a " + spec.description() + ", found '" + newValue + "'");
        }
        L next = loader.load(newValue);
        if (processSpec != null) {
            slot.publish(builder.build(next, newValue, processSpec));
        }
        loaded = next;
        value = newValue;
    }

    /**
     * Builds the loaded resource (if any) for {@code newSpec} and swaps it in.
     * [main-thread, audio stopped]
     *
     * @throws IllegalArgumentException what the builder throws (e.g. another sample rate); the
     *                                  holder is then left without a prepared resource
     *                                  (pass-through) but keeps its value
     */
    public void prepare(ProcessSpec newSpec) {
        fade = new Crossfade(crossfadeFrames(newSpec.sampleRate()), newSpec.outputChannels(), newSpec.maxBlockSize());
        sounding = false;
        processSpec = newSpec;
        if (loaded != null) {
            try {
                slot.publish(builder.build(loaded, value, newSpec));
            } catch (RuntimeException e) {
                slot.close();
                throw e;
            }
        }
        slot.acquireNow();
    }

    /** Samples in a crossfade at {@code sampleRate}: {@value #CROSSFADE_SECONDS} s, rounded. [thread-safe] */
    public static int crossfadeFrames(double sampleRate) {
        return Math.max(1, (int) Math.round(sampleRate * CROSSFADE_SECONDS));
    }

    /**
     * The prepared resource for this block, or null when none is set; a newly published one
     * replaces the current one at once (no crossfade; a fade in progress ends). For plugins
     * that process with {@link #beginBlock} this is not needed. [audio-thread]
     */
    public P acquire() {
        fade.stop();
        return slot.acquire();
    }

    /**
     * Starts a block of {@code frames} samples: takes up a newly published resource (crossfading
     * from the current one, or at once when nothing has played since {@link #prepare} or
     * {@link #reset}, see the class comment), and returns the resource this block plays, the
     * incoming one during a fade; null when none is set (pass-through). Then call
     * {@link #render} once for every channel of the block. Lock-free, allocation-free.
     * [audio-thread]
     */
    public P beginBlock(int frames) {
        if (fade.running() && fade.complete()) {
            fade.stop();
            slot.retireOutgoing();
        }
        if (!sounding) {
            slot.acquire();
        } else if (!fade.running() && slot.acquireKeepingOutgoing()) {
            fade.start();
        }
        if (fade.running()) {
            fade.advance(frames);
        }
        blockFrames = frames;
        P current = slot.peek();
        if (current != null && frames > 0) {
            sounding = true;
        }
        return current;
    }

    /**
     * Renders channel {@code channel} of the block begun by {@link #beginBlock}: the block's
     * resource through {@code renderer}, from {@code in[inOff..]} to {@code out[outOff..]}
     * ({@code in == out} allowed). During a fade the outgoing resource first renders the same
     * input into a scratch buffer, then the two are mixed into {@code out}. Does nothing
     * without a resource. Lock-free, allocation-free. [audio-thread]
     */
    public void render(int channel, float[] in, int inOff, float[] out, int outOff, Renderer<? super P> renderer) {
        P current = slot.peek();
        if (current == null) {
            return;
        }
        int frames = blockFrames;
        if (!fade.running()) {
            renderer.render(current, channel, in, inOff, out, outOff, frames);
            return;
        }
        // The outgoing one first: it must read the input before an in-place render overwrites it.
        renderer.render(slot.outgoing(), channel, in, inOff, fade.outgoingBuffer(channel), 0, frames);
        renderer.render(current, channel, in, inOff, out, outOff, frames);
        fade.mix(channel, out, outOff, frames);
    }

    /**
     * Renders the whole block begun by {@link #beginBlock} at once, for a resource whose
     * channels are computed together (a multi-channel model), in place on {@code channels}
     * (frames from {@code offset}): the block's resource through {@code renderer}. During a fade
     * the outgoing resource first renders the same input into scratch buffers (one per output
     * channel of the prepared spec), then the incoming one renders in place, then every output
     * channel is mixed as {@link #render} mixes one. Either way of rendering may be used from one
     * block to the next. Does nothing without a resource. Lock-free, allocation-free. [audio-thread]
     */
    public void renderBlock(float[][] channels, int offset, BlockRenderer<? super P> renderer) {
        P current = slot.peek();
        if (current == null) {
            return;
        }
        int frames = blockFrames;
        if (!fade.running()) {
            renderer.render(current, channels, offset, channels, offset, frames);
            return;
        }
        // The outgoing one first: it must read the input before the in-place render overwrites it.
        renderer.render(slot.outgoing(), channels, offset, fade.outgoingBuffers(), 0, frames);
        renderer.render(current, channels, offset, channels, offset, frames);
        for (int c = 0; c < fade.channels(); c++) {
            fade.mix(c, channels[c], offset, frames);
        }
    }

    /**
     * The stream restarts from silence: a fade in progress ends, a newly published resource is
     * taken up at once, and the next swap is immediate until a block has played. Call it from
     * the plugin's {@code reset} before resetting the resource ({@link #peek()}). Lock-free,
     * allocation-free. [audio-thread, or main-thread while audio is stopped]
     */
    public void reset() {
        fade.stop();
        slot.acquire();
        sounding = false;
    }

    /** The prepared resource in use (stale by at most one block), or null. [thread-safe] */
    public P peek() {
        return slot.peek();
    }

    /**
     * The loaded form of the current value, or null before one is set: what a plugin reads to
     * answer questions that depend on its resource before {@code prepare} (e.g. its
     * {@link AudioPlugin#channelMapping()}). [main-thread]
     */
    public L loaded() {
        return loaded;
    }

    /** {@code id -> value} once a value was set, else empty: for {@link AudioPlugin#resources()}. [main-thread] */
    public Map<String, String> resources() {
        return value == null ? Map.of() : Map.of(spec.id(), value);
    }

    /** Releases every prepared resource. [main-thread, audio stopped] */
    public void close() {
        fade.stop();
        slot.close();
    }
}
