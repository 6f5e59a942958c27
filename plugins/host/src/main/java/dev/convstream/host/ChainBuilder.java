package dev.convstream.host;

import dev.convstream.check.Failures;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.PluginState;
import dev.convstream.plugin.ResourceSpec;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        return parseChain(description).states();
    }

    /** As {@link #parse}, with each position's bypass (saved in JSON; the text form has none). */
    public ChainJson.SavedChain parseChain(String description) {
        return ChainJson.looksLikeJson(description)
                ? json.readChain(description)
                : ChainJson.SavedChain.running(new ChainParser(registry).parse(description));
    }

    /**
     * A chain built from {@code description}, not yet prepared.
     *
     * @throws ChainException    naming the plugin and argument at fault (bad usage)
     * @throws ResourceException naming the plugin, the file and the reason when a resource
     *                           (model, impulse response) will not load
     */
    public PluginChain build(String description) {
        ChainJson.SavedChain saved = parseChain(description);
        PluginChain chain = build(saved.states());
        for (int i = 0; i < chain.size(); i++) {
            // Before prepare: the chain starts in the saved state, with no fade.
            chain.setBypassed(i, saved.bypassed().get(i));
        }
        return chain;
    }

    /**
     * A chain of fresh plugins restored from {@code states}, not yet prepared: parameters
     * first, then resources. Throws as {@link #build(String)}.
     */
    public PluginChain build(List<PluginState> states) {
        List<AudioPlugin> plugins = new ArrayList<>();
        try {
            int index = 0;
            for (PluginState s : states) {
                index++;
                AudioPlugin p = registry.create(s.pluginId());
                plugins.add(p);
                String where = "plugin " + index + " '" + s.pluginId() + "'";
                try {
                    // The state may name the plugin by an alias (a former id): it is this plugin's.
                    p.loadState(new PluginState(p.descriptor().id(), s.parameters(), Map.of()));
                } catch (IOException | RuntimeException e) {
                    throw new ChainException(where + ": " + e.getMessage(), e);
                }
                for (Map.Entry<String, String> r : s.resources().entrySet()) {
                    loadResource(p, where, r.getKey(), r.getValue());
                }
            }
            return new PluginChain(plugins);
        } catch (RuntimeException e) {
            plugins.forEach(AudioPlugin::close);
            throw e;
        }
    }

    private static void loadResource(AudioPlugin p, String where, String id, String value) {
        if (!p.descriptor().hasResource(id)) {
            throw new ChainException(where + ": has no resource '" + id + "'; resources: "
                    + p.descriptor().resources().stream().map(ResourceSpec::id).toList());
        }
        try {
            p.setResource(id, value);
        } catch (IOException e) {
            throw new ResourceException(where + ": cannot load " + id + " " + value + ": "
                    + Failures.describe(e), e);
        } catch (RuntimeException e) {
            throw new ResourceException(where + ": cannot load " + id + " " + value + ": " + e.getMessage(), e);
        }
    }

    /** The JSON form of a chain's current state, bypassed positions included. */
    public String toJson(PluginChain chain) {
        List<Boolean> bypassed = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            bypassed.add(chain.isBypassed(i));
        }
        return json.write(new ChainJson.SavedChain(chain.saveStates(), bypassed));
    }
}
