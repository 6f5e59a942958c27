package dev.convstream.plugin;

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
     * A new instance, parameters at their defaults, not yet prepared. Cheap: heavy resources
     * are loaded by {@link AudioPlugin#setResource}. [main-thread]
     */
    AudioPlugin create();

    /**
     * The factory of plugins described by {@code descriptor}, each made by {@code create}
     * (which must return a new instance with that descriptor every time). [thread-safe]
     */
    static AudioPluginFactory of(PluginDescriptor descriptor, Supplier<? extends AudioPlugin> create) {
        return new AudioPluginFactory() {
            @Override
            public PluginDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public AudioPlugin create() {
                return create.get();
            }
        };
    }
}
