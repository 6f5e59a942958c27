package dev.convstream.host;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 *   {"plugin": "convolver", "parameters": {"mix": 1}, "resources": {"ir": "cab.wav"}, "bypassed": true}
 * ]}
 * </pre>
 * Reading validates every plugin id, parameter id, range and resource id against the registry,
 * with messages naming the plugin and its position. {@code bypassed} is the chain position's
 * bypass (the control panel's switch), written only when true; without it a plugin runs.
 */
public final class ChainJson {

    /** The document: one entry per plugin, in processing order. */
    public record Document(List<Entry> chain) {
    }

    /**
     * One plugin: its id, parameter values and resource values (both optional), and whether its
     * position is bypassed (optional; null is false, and false is written as nothing).
     */
    public record Entry(String plugin, Map<String, Double> parameters, Map<String, String> resources,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean bypassed) {
    }

    /**
     * A chain as saved: each plugin's state, and per position whether it is bypassed.
     *
     * @param bypassed one flag per state, in order
     */
    public record SavedChain(List<PluginState> states, List<Boolean> bypassed) {
        public SavedChain {
            states = List.copyOf(states);
            bypassed = List.copyOf(bypassed);
            if (states.size() != bypassed.size()) {
                throw new IllegalArgumentException("bypassed must have one flag per plugin: " + bypassed.size()
                        + " flags for " + states.size() + " plugins");
            }
        }

        /** A chain with no position bypassed (the text form has no bypass). */
        public static SavedChain running(List<PluginState> states) {
            return new SavedChain(states, java.util.Collections.nCopies(states.size(), false));
        }
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
        return readChain(json).states();
    }

    /** As {@link #read}, with each position's bypass. */
    public SavedChain readChain(String json) {
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
        List<Boolean> bypassed = new ArrayList<>();
        int index = 0;
        for (Entry e : doc.chain()) {
            index++;
            out.add(validate(index, e));
            bypassed.add(Boolean.TRUE.equals(e.bypassed()));
        }
        return new SavedChain(out, bypassed);
    }

    /** The JSON document for {@code states}, no position bypassed. */
    public String write(List<PluginState> states) {
        return write(SavedChain.running(states));
    }

    /** The JSON document for {@code chain}, with {@code "bypassed": true} on bypassed positions. */
    public String write(SavedChain chain) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < chain.states().size(); i++) {
            PluginState s = chain.states().get(i);
            entries.add(new Entry(s.pluginId(), s.parameters(), s.resources(), chain.bypassed().get(i) ? true : null));
        }
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
