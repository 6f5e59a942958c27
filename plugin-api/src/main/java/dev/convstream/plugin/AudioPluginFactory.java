package dev.convstream.plugin;

/**
 * Creates instances of one plugin: the value type of the host's registry, keyed by
 * {@link #id()}. A plugin jar contributes one to the host's Guice
 * {@code MapBinder<String, AudioPluginFactory>} from a module listed in
 * {@code META-INF/services/com.google.inject.Module}.
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
}
