package dev.convstream.plugin;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a plugin is, before any instance exists: a stable id (used in chains and state), a
 * display name, a version, its parameters and its resources.
 *
 * <p>Immutable: every method is [thread-safe].
 *
 * @param id         stable identifier, {@code [a-z][a-z0-9_]*}
 * @param name       human-readable name
 * @param version    the plugin's version string
 * @param parameters parameter specs in display order; ids unique
 * @param resources  resource specs; ids unique and distinct from parameter ids
 */
public record PluginDescriptor(String id, String name, String version,
                               List<ParameterSpec> parameters, List<ResourceSpec> resources) {

    public PluginDescriptor {
        if (id == null || !id.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException(
                    "plugin id must match [a-z][a-z0-9_]*, found '" + id + "'");
        }
        if (name == null || version == null) {
            throw new IllegalArgumentException("plugin '" + id + "': name and version must not be null");
        }
        parameters = List.copyOf(parameters);
        resources = List.copyOf(resources);
        Set<String> seen = new HashSet<>();
        for (ParameterSpec p : parameters) {
            if (!seen.add(p.id())) {
                throw new IllegalArgumentException("plugin '" + id + "': duplicate id '" + p.id() + "'");
            }
        }
        for (ResourceSpec r : resources) {
            if (!seen.add(r.id())) {
                throw new IllegalArgumentException("plugin '" + id + "': duplicate id '" + r.id() + "'");
            }
        }
    }

    /** A descriptor for a plugin with parameters and no resources. */
    public static PluginDescriptor of(String id, String name, String version,
                                      ParameterSpec... parameters) {
        return new PluginDescriptor(id, name, version, List.of(parameters), List.of());
    }

    /**
     * The spec of parameter {@code paramId}.
     *
     * @throws IllegalArgumentException naming the plugin, the id and the known ids
     */
    public ParameterSpec parameter(String paramId) {
        for (ParameterSpec p : parameters) {
            if (p.id().equals(paramId)) {
                return p;
            }
        }
        throw new IllegalArgumentException("plugin '" + id + "' has no parameter '" + paramId
                + "'; parameters: " + parameters.stream().map(ParameterSpec::id).toList());
    }

    /** Whether {@code resourceId} names one of this plugin's resources. */
    public boolean hasResource(String resourceId) {
        return resources.stream().anyMatch(r -> r.id().equals(resourceId));
    }
}
