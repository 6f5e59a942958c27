package dev.convstream.host;

import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.PluginDescriptor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every plugin the injector knows, by id, sorted, and the former ids ({@link AudioPluginFactory#aliases()})
 * that still name them: every lookup takes an id or an alias. Immutable.
 */
@Singleton
public final class PluginRegistry {

    private final Map<String, AudioPluginFactory> factories;
    private final Map<String, String> aliases;

    @Inject
    public PluginRegistry(Map<String, AudioPluginFactory> factories) {
        for (Map.Entry<String, AudioPluginFactory> e : factories.entrySet()) {
            if (!e.getKey().equals(e.getValue().id())) {
                throw new IllegalArgumentException("plugin factory bound as '" + e.getKey()
                        + "' declares id '" + e.getValue().id() + "'");
            }
        }
        this.factories = java.util.Collections.unmodifiableMap(new TreeMap<>(factories));
        Map<String, String> former = new TreeMap<>();
        for (AudioPluginFactory f : factories.values()) {
            for (String alias : f.aliases()) {
                String other = factories.containsKey(alias) ? alias : former.get(alias);
                if (other != null) {
                    throw new IllegalArgumentException("plugin '" + f.id() + "' declares alias '" + alias
                            + "', which already names plugin '" + other + "'");
                }
                former.put(alias, f.id());
            }
        }
        this.aliases = java.util.Collections.unmodifiableMap(former);
    }

    /** Former ids and the plugin each now names, sorted. */
    public Map<String, String> aliases() {
        return aliases;
    }

    /** Plugin ids, sorted. */
    public List<String> ids() {
        return List.copyOf(factories.keySet());
    }

    /** Descriptors of every plugin, sorted by id. */
    public List<PluginDescriptor> descriptors() {
        return factories.values().stream().map(AudioPluginFactory::descriptor).toList();
    }

    /**
     * The factory for {@code id}, a plugin's id or one of its aliases.
     *
     * @throws IllegalArgumentException naming the id and the known ids
     */
    public AudioPluginFactory factory(String id) {
        AudioPluginFactory f = factories.get(aliases.getOrDefault(id, id));
        if (f == null) {
            throw new IllegalArgumentException("unknown plugin '" + id + "'; known plugins: " + ids());
        }
        return f;
    }

    /** The descriptor of plugin {@code id}; throws as {@link #factory}. */
    public PluginDescriptor descriptor(String id) {
        return factory(id).descriptor();
    }

    /** A new instance of plugin {@code id}; throws as {@link #factory}. */
    public AudioPlugin create(String id) {
        return factory(id).create();
    }
}
