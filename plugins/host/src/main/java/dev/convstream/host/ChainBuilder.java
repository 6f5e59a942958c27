package dev.convstream.host;

import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.PluginState;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a chain description (text or JSON) into a {@link PluginChain}: creates each plugin
 * from the registry and loads its state (parameters, resources such as model files).
 */
public final class ChainBuilder {

    private final PluginRegistry registry;
    private final ChainJson json;

    @Inject
    public ChainBuilder(PluginRegistry registry, ChainJson json) {
        this.registry = registry;
        this.json = json;
    }

    /** Parses {@code description}, JSON when it starts with '{' or '[', else the text form. */
    public List<PluginState> parse(String description) {
        return ChainJson.looksLikeJson(description)
                ? json.read(description)
                : new ChainParser(registry).parse(description);
    }

    /**
     * A chain built from {@code description}, not yet prepared.
     *
     * @throws ChainException naming the plugin whose resource could not be loaded
     */
    public PluginChain build(String description) {
        return build(parse(description));
    }

    /** A chain of fresh plugins restored from {@code states}, not yet prepared. */
    public PluginChain build(List<PluginState> states) {
        List<AudioPlugin> plugins = new ArrayList<>();
        try {
            int index = 0;
            for (PluginState s : states) {
                index++;
                AudioPlugin p = registry.create(s.pluginId());
                plugins.add(p);
                try {
                    p.loadState(s);
                } catch (IOException e) {
                    // NoSuchFileException and friends carry only the path as message.
                    throw new ChainException("plugin " + index + " '" + s.pluginId() + "': cannot load "
                            + s.resources() + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    throw new ChainException("plugin " + index + " '" + s.pluginId() + "': "
                            + e.getMessage(), e);
                }
            }
            return new PluginChain(plugins);
        } catch (RuntimeException e) {
            plugins.forEach(AudioPlugin::close);
            throw e;
        }
    }

    /** The JSON form of a chain's current state. */
    public String toJson(PluginChain chain) {
        return json.write(chain.saveStates());
    }
}
