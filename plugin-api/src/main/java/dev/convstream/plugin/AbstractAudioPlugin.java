package dev.convstream.plugin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part every plugin writes the same way: its descriptor, its live parameters made from
 * the descriptor's specs, and its resources' bookkeeping. A plugin extends it and writes only
 * what makes it itself: {@code prepare}, {@code process}, {@code reset}.
 *
 * <p>A plugin with resources creates one {@link ResourceHolder} per resource and registers it
 * with {@link #holding}; this class then answers {@link #setResource}, {@link #resources()} and
 * {@link #close()} from them. The plugin still calls {@link ResourceHolder#prepare} from its
 * {@code prepare}, and from its {@code process} either {@link ResourceHolder#acquire()} (a swap
 * takes effect at once) or {@link ResourceHolder#beginBlock} and {@link ResourceHolder#render}
 * (a swap while audio plays is crossfaded; then also {@link ResourceHolder#reset()} from its
 * {@code reset}).
 */
public abstract class AbstractAudioPlugin implements AudioPlugin {

    private final PluginDescriptor descriptor;
    private final ParameterSet parameters;
    private final List<ResourceHolder<?, ?>> holders = new ArrayList<>();

    /** A plugin described by {@code descriptor}, its parameters at their defaults. */
    protected AbstractAudioPlugin(PluginDescriptor descriptor) {
        this.descriptor = descriptor;
        this.parameters = ParameterSet.of(descriptor.parameters());
    }

    /** [thread-safe] */
    @Override
    public final PluginDescriptor descriptor() {
        return descriptor;
    }

    /** [thread-safe] */
    @Override
    public final ParameterSet parameters() {
        return parameters;
    }

    /** The live parameter {@code id}, for a subclass to keep in a field. [thread-safe] */
    protected final Parameter parameter(String id) {
        return parameters.get(id);
    }

    /** Registers {@code holder}, so resource calls reach it; returns it, for a field. [main-thread] */
    protected final <L, P> ResourceHolder<L, P> holding(ResourceHolder<L, P> holder) {
        holders.add(holder);
        return holder;
    }

    /** Every registered resource's value, once set. [main-thread] */
    @Override
    public Map<String, String> resources() {
        Map<String, String> all = new LinkedHashMap<>();
        for (ResourceHolder<?, ?> h : holders) {
            all.putAll(h.resources());
        }
        return Map.copyOf(all);
    }

    /**
     * Sets resource {@code id} through its holder (see {@link ResourceHolder#set}).
     * [main-thread; may block on I/O]
     *
     * @throws IllegalArgumentException naming the plugin and its resources when {@code id} is
     *                                  none of them, or what the holder throws
     * @throws IOException              what the holder's loader throws
     */
    @Override
    public void setResource(String id, String value) throws IOException {
        for (ResourceHolder<?, ?> h : holders) {
            if (h.holds(id)) {
                h.set(value);
                return;
            }
        }
        AudioPlugin.super.setResource(id, value);
    }

    /**
     * Releases every registered resource; a subclass with more to release overrides it and
     * calls {@code super.close()}. [main-thread, audio stopped]
     */
    @Override
    public void close() {
        for (ResourceHolder<?, ?> h : holders) {
            h.close();
        }
    }
}
