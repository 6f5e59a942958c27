package dev.convstream.host;

import dev.convstream.plugin.ParameterSpec;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.PluginState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the text form of a chain, for example
 * {@code gain(db=-6) -> dcblock(cutoff=20) -> convolver(ir="my cab.wav", mix=1)}, into one
 * {@link PluginState} per plugin.
 *
 * <pre>
 * chain    := call ( "-&gt;" call )*
 * call     := id [ "(" [ arg ( "," arg )* ] ")" ]
 * arg      := key "=" value
 * value    := number | '"' text '"' | "'" text "'" | bare text up to "," or ")"
 * </pre>
 * Each key must be a parameter (a number within its range) or a resource (any text) of the
 * plugin, per its descriptor in the registry. Errors name the plugin and position in the
 * chain, the argument at fault, and the expected vs found value.
 */
public final class ChainParser {

    private final PluginRegistry registry;

    public ChainParser(PluginRegistry registry) {
        this.registry = registry;
    }

    /**
     * @throws ChainException naming the character column and the plugin/argument at fault
     */
    public List<PluginState> parse(String text) {
        return new Cursor(text).chain();
    }

    /** One pass over the text; fields are the scanning position. */
    private final class Cursor {
        private final String s;
        private int pos;
        private int index; // 1-based plugin position in the chain

        Cursor(String s) {
            this.s = s == null ? "" : s;
        }

        List<PluginState> chain() {
            List<PluginState> out = new ArrayList<>();
            skipSpace();
            if (pos == s.length()) {
                throw error("empty chain: expected at least one plugin, e.g. gain(db=-6)");
            }
            do {
                index++;
                out.add(call());
                skipSpace();
            } while (accept("->"));
            if (pos != s.length()) {
                throw error("expected '->' or end of chain, found '" + rest() + "'");
            }
            return out;
        }

        private PluginState call() {
            skipSpace();
            int start = pos;
            String id = identifier("plugin id");
            PluginDescriptor d;
            try {
                d = registry.descriptor(id);
            } catch (IllegalArgumentException e) {
                pos = start;
                throw error("plugin " + index + ": " + e.getMessage());
            }
            Map<String, Double> params = new LinkedHashMap<>();
            Map<String, String> resources = new LinkedHashMap<>();
            skipSpace();
            if (accept("(")) {
                skipSpace();
                if (!accept(")")) {
                    do {
                        argument(d, params, resources);
                        skipSpace();
                    } while (accept(","));
                    if (!accept(")")) {
                        throw error(where(d) + ": expected ',' or ')', found '" + rest() + "'");
                    }
                }
            }
            return new PluginState(id, params, resources);
        }

        private void argument(PluginDescriptor d, Map<String, Double> params,
                              Map<String, String> resources) {
            skipSpace();
            int keyAt = pos;
            String key = identifier(where(d) + ": argument name");
            skipSpace();
            if (!accept("=")) {
                throw error(where(d) + ": expected '=' after '" + key + "', found '" + rest() + "'");
            }
            skipSpace();
            int valueAt = pos;
            String value = value(d, key);
            if (params.containsKey(key) || resources.containsKey(key)) {
                pos = keyAt;
                throw error(where(d) + ": argument '" + key + "' given twice");
            }
            if (d.hasResource(key)) {
                resources.put(key, value);
                return;
            }
            ParameterSpec spec;
            try {
                spec = d.parameter(key);
            } catch (IllegalArgumentException e) {
                pos = keyAt;
                throw error(where(d) + ": no parameter or resource '" + key + "'; parameters: "
                        + d.parameters().stream().map(ParameterSpec::id).toList()
                        + ", resources: " + d.resources().stream().map(r -> r.id()).toList());
            }
            double v;
            try {
                v = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                pos = valueAt;
                throw error(where(d) + ": parameter '" + key + "' expects a number, found '" + value + "'");
            }
            try {
                spec.check(v);
            } catch (IllegalArgumentException e) {
                pos = valueAt;
                throw error(where(d) + ": " + e.getMessage());
            }
            params.put(key, v);
        }

        private String value(PluginDescriptor d, String key) {
            if (pos < s.length() && (s.charAt(pos) == '"' || s.charAt(pos) == '\'')) {
                char quote = s.charAt(pos);
                int end = s.indexOf(quote, pos + 1);
                if (end < 0) {
                    throw error(where(d) + ": unterminated " + quote + " in value of '" + key + "'");
                }
                String v = s.substring(pos + 1, end);
                pos = end + 1;
                return v;
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ')') {
                pos++;
            }
            String v = s.substring(start, pos).trim();
            if (v.isEmpty()) {
                pos = start;
                throw error(where(d) + ": missing value for '" + key + "'");
            }
            return v;
        }

        private String identifier(String what) {
            int start = pos;
            while (pos < s.length()
                    && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw error("expected " + what + ", found '" + rest() + "'");
            }
            return s.substring(start, pos);
        }

        private String where(PluginDescriptor d) {
            return "plugin " + index + " '" + d.id() + "'";
        }

        private boolean accept(String token) {
            if (s.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private String rest() {
            return pos >= s.length() ? "end of text" : s.substring(pos, Math.min(s.length(), pos + 20));
        }

        private ChainException error(String message) {
            return new ChainException("chain column " + (pos + 1) + ": " + message);
        }
    }
}
