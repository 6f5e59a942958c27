package dev.convstream.plugin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to restore a plugin instance: its id, parameter values and resource
 * values (such as a model file path). A plain immutable record so a host can serialise it
 * with any JSON library (the convstream host uses Jackson); this module stays JDK-only.
 *
 * <p>Immutable: [thread-safe].
 *
 * @param pluginId   the descriptor id of the plugin it belongs to
 * @param parameters values by parameter id; parameters not listed take their default on load
 * @param resources  values by resource id; resources not listed are left as they are on load
 */
public record PluginState(String pluginId, Map<String, Double> parameters,
                          Map<String, String> resources) {

    public PluginState {
        if (pluginId == null) {
            throw new IllegalArgumentException("pluginId must not be null");
        }
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    }
}
