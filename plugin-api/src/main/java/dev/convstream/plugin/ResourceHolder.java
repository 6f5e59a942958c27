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
 * <p>Control-thread methods are [main-thread] (the host serialises them); {@link #acquire()}
 * is [audio-thread].
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

    private final String pluginId;
    private final ResourceSpec spec;
    private final Loader<? extends L> loader;
    private final Builder<? super L, ? extends P> builder;
    private final ResourceSlot<P> slot;

    // Control-thread state.
    private ProcessSpec processSpec;
    private L loaded;
    private String value;

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

    /** The prepared resource for this block, or null when none is set. [audio-thread] */
    public P acquire() {
        return slot.acquire();
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
        slot.close();
    }
}
