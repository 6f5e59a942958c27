package dev.convstream.plugin;

import java.util.List;
import java.util.function.Supplier;

/**
 * Creates instances of one plugin: the value type of the host's registry, keyed by
 * {@link #id()}. A plugin jar contributes its factories through a {@link PluginProvider}.
 */
public interface AudioPluginFactory {

    /** What the created plugins are; equal to {@code create().descriptor()}. [thread-safe] */
    PluginDescriptor descriptor();

    /** The registry key, the descriptor's id. [thread-safe] */
    default String id() {
        return descriptor().id();
    }

    /**
     * Former ids of this plugin, which still name it in chain strings, chain JSON and saved
     * states (a renamed plugin keeps its users' chains working); none by default. The host
     * refuses an alias that is another plugin's id or alias. [thread-safe]
     */
    default List<String> aliases() {
        return List.of();
    }

    /**
     * A new instance, parameters at their defaults, not yet prepared. Cheap: heavy resources
     * are loaded by {@link AudioPlugin#setResource}. [main-thread]
     */
    AudioPlugin create();

    /**
     * The factory of plugins described by {@code descriptor}, each made by {@code create}
     * (which must return a new instance with that descriptor every time). [thread-safe]
     */
    static AudioPluginFactory of(PluginDescriptor descriptor, Supplier<? extends AudioPlugin> create) {
        return of(descriptor, List.of(), create);
    }

    /** As {@link #of(PluginDescriptor, Supplier)}, also known by its former ids {@code aliases}. [thread-safe] */
    static AudioPluginFactory of(PluginDescriptor descriptor, List<String> aliases,
                                 Supplier<? extends AudioPlugin> create) {
        List<String> former = List.copyOf(aliases);
        return new AudioPluginFactory() {
            @Override
            public PluginDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public List<String> aliases() {
                return former;
            }

            @Override
            public AudioPlugin create() {
                return create.get();
            }
        };
    }
}
