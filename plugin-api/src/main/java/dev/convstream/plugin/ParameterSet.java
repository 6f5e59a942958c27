package dev.convstream.plugin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plugin's live parameters, in descriptor order, looked up by id.
 *
 * <p>The set itself is immutable; each {@link Parameter} is the thread-safe value holder.
 * Plugins keep direct references to their {@code Parameter}s for the audio thread, so the map
 * lookup here is for hosts and state only.
 */
public final class ParameterSet {

    private final Map<String, Parameter> byId;

    private ParameterSet(Map<String, Parameter> byId) {
        this.byId = byId;
    }

    /** Fresh parameters at their defaults, one per spec. [thread-safe] */
    public static ParameterSet of(List<ParameterSpec> specs) {
        Map<String, Parameter> map = new LinkedHashMap<>();
        for (ParameterSpec s : specs) {
            if (map.put(s.id(), new Parameter(s)) != null) {
                throw new IllegalArgumentException("duplicate parameter id '" + s.id() + "'");
            }
        }
        return new ParameterSet(Collections.unmodifiableMap(map));
    }

    /** No parameters. [thread-safe] */
    public static ParameterSet empty() {
        return new ParameterSet(Map.of());
    }

    /**
     * The parameter with this id. [thread-safe]
     *
     * @throws IllegalArgumentException naming the id and the known ids when there is none
     */
    public Parameter get(String id) {
        Parameter p = byId.get(id);
        if (p == null) {
            throw new IllegalArgumentException(
                    "unknown parameter '" + id + "'; known: " + byId.keySet());
        }
        return p;
    }

    /** Whether a parameter with this id exists. [thread-safe] */
    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** All parameters in descriptor order. [thread-safe] */
    public List<Parameter> all() {
        return List.copyOf(byId.values());
    }

    /** A snapshot of every value by id, in descriptor order. [thread-safe] */
    public Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        byId.forEach((id, p) -> out.put(id, p.get()));
        return Collections.unmodifiableMap(out);
    }
}
