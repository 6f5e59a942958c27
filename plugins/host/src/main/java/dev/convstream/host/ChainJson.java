package dev.convstream.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convstream.plugin.ParameterSpec;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.PluginState;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a chain, which is also how a chain's state is saved:
 * <pre>
 * {"chain": [
 *   {"plugin": "gain", "parameters": {"db": -6}},
 *   {"plugin": "convolver", "parameters": {"mix": 1}, "resources": {"ir": "cab.wav"}}
 * ]}
 * </pre>
 * Reading validates every plugin id, parameter id, range and resource id against the registry,
 * with messages naming the plugin and its position.
 */
public final class ChainJson {

    /** The document: one entry per plugin, in processing order. */
    public record Document(List<Entry> chain) {
    }

    /** One plugin: its id, parameter values and resource values (both optional). */
    public record Entry(String plugin, Map<String, Double> parameters, Map<String, String> resources) {
    }

    private final ObjectMapper mapper;
    private final PluginRegistry registry;

    @Inject
    public ChainJson(ObjectMapper mapper, PluginRegistry registry) {
        this.mapper = mapper;
        this.registry = registry;
    }

    /** Whether {@code text} looks like the JSON form rather than the text form. */
    public static boolean looksLikeJson(String text) {
        String t = text == null ? "" : text.strip();
        return t.startsWith("{") || t.startsWith("[");
    }

    /**
     * @throws ChainException on malformed JSON or an unknown plugin, parameter, resource or
     *                        out-of-range value, naming it
     */
    public List<PluginState> read(String json) {
        Document doc;
        try {
            doc = mapper.readValue(json, Document.class);
        } catch (JsonProcessingException e) {
            throw new ChainException("chain JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr()), e);
        }
        if (doc == null || doc.chain() == null || doc.chain().isEmpty()) {
            throw new ChainException("chain JSON: expected {\"chain\": [ ... ]} with at least one plugin");
        }
        List<PluginState> out = new ArrayList<>();
        int index = 0;
        for (Entry e : doc.chain()) {
            index++;
            out.add(validate(index, e));
        }
        return out;
    }

    /** The JSON document for {@code states}. */
    public String write(List<PluginState> states) {
        List<Entry> entries = states.stream()
                .map(s -> new Entry(s.pluginId(), s.parameters(), s.resources()))
                .toList();
        try {
            return mapper.writeValueAsString(new Document(entries));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise chain state", e);
        }
    }

    private PluginState validate(int index, Entry e) {
        String where = "chain JSON plugin " + index;
        if (e == null || e.plugin() == null) {
            throw new ChainException(where + ": missing \"plugin\" id");
        }
        PluginDescriptor d;
        try {
            d = registry.descriptor(e.plugin());
        } catch (IllegalArgumentException ex) {
            throw new ChainException(where + ": " + ex.getMessage(), ex);
        }
        where += " '" + d.id() + "'";
        Map<String, Double> params = e.parameters() == null ? Map.of() : e.parameters();
        Map<String, String> resources = e.resources() == null ? Map.of() : e.resources();
        for (Map.Entry<String, Double> p : params.entrySet()) {
            ParameterSpec spec;
            try {
                spec = d.parameter(p.getKey());
            } catch (IllegalArgumentException ex) {
                throw new ChainException(where + ": " + ex.getMessage(), ex);
            }
            if (p.getValue() == null) {
                throw new ChainException(where + ": parameter '" + p.getKey() + "' is null");
            }
            try {
                spec.check(p.getValue());
            } catch (IllegalArgumentException ex) {
                throw new ChainException(where + ": " + ex.getMessage(), ex);
            }
        }
        for (String r : resources.keySet()) {
            if (!d.hasResource(r)) {
                throw new ChainException(where + ": no resource '" + r + "'; resources: "
                        + d.resources().stream().map(x -> x.id()).toList());
            }
        }
        return new PluginState(d.id(), params, resources);
    }
}
