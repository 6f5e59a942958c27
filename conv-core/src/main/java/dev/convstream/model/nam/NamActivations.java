package dev.convstream.model.nam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convstream.activation.ActivationFunction;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * NAM's activation names (the {@code "activation"} field of a {@code .nam} layer array, case
 * as NAM writes it) and the activation-library functions they mean, with NAM core's parameters
 * (LeakyReLU slope 0.01; Hardtanh on [-1, 1]; LeakyHardtanh's defaults), and NAM 0.6's
 * activation objects ({@code {"type": "LeakyReLU", "negative_slope": 0.02}}) with their
 * parameters. A name table only: the math is in {@link ActivationFunction}.
 */
public final class NamActivations {
    private static final Map<String, ActivationFunction> BY_NAME = table();

    private NamActivations() {
    }

    private static Map<String, ActivationFunction> table() {
        Map<String, ActivationFunction> t = new LinkedHashMap<>();
        t.put("Tanh", ActivationFunction.tanh());
        t.put("Fasttanh", ActivationFunction.fastTanh());
        t.put("Hardtanh", ActivationFunction.hardtanh(-1f, 1f));
        t.put("ReLU", ActivationFunction.relu());
        t.put("LeakyReLU", ActivationFunction.leakyRelu(0.01f));
        t.put("Sigmoid", ActivationFunction.sigmoid());
        t.put("SiLU", ActivationFunction.silu());
        t.put("Hardswish", ActivationFunction.hardswish());
        t.put("LeakyHardtanh", ActivationFunction.leakyHardtanh());
        t.put("LeakyHardTanh", ActivationFunction.leakyHardtanh());
        t.put("PReLU", ActivationFunction.prelu(0.01f));
        t.put("Softsign", ActivationFunction.softsign());
        return t;
    }

    /** The function a NAM name means (exact, case-sensitive as NAM is). */
    public static ActivationFunction byName(String name) {
        ActivationFunction f = BY_NAME.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown activation '" + name + "', expected one of "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return f;
    }

    /**
     * The function an activation spec means: a name, or an object with {@code type} and the
     * type's parameters (LeakyReLU {@code negative_slope}; PReLU {@code negative_slope} or
     * {@code negative_slopes}, one per channel; LeakyHardtanh {@code min_val}, {@code max_val},
     * {@code min_slope}, {@code max_slope}); a missing parameter takes NAM core's default.
     *
     * @throws IllegalArgumentException for a null spec, an unknown name or parameter, or a bad value
     */
    public static ActivationFunction of(JsonNode spec) {
        if (spec == null || spec.isNull()) {
            throw new IllegalArgumentException("activation is null");
        }
        if (spec.isTextual()) {
            return byName(spec.asText());
        }
        if (!spec.isObject() || !spec.path("type").isTextual()) {
            throw new IllegalArgumentException("an activation must be a name or an object with a \"type\" name,"
                    + " found " + spec);
        }
        String type = spec.get("type").asText();
        switch (type) {
            case "LeakyReLU":
                known(spec, "negative_slope");
                return ActivationFunction.leakyRelu(param(spec, "negative_slope", 0.01f));
            case "PReLU": {
                known(spec, "negative_slope", "negative_slopes");
                JsonNode slopes = spec.get("negative_slopes");
                if (slopes == null || slopes.isNull()) {
                    return ActivationFunction.prelu(param(spec, "negative_slope", 0.01f));
                }
                if (!slopes.isArray() || slopes.isEmpty()) {
                    throw new IllegalArgumentException("PReLU negative_slopes must be a non-empty list, found " + slopes);
                }
                float[] s = new float[slopes.size()];
                for (int i = 0; i < s.length; i++) {
                    if (!slopes.get(i).isNumber()) {
                        throw new IllegalArgumentException("PReLU negative_slopes[" + i + "] must be a number, found "
                                + slopes.get(i));
                    }
                    s[i] = slopes.get(i).floatValue();
                }
                return ActivationFunction.prelu(s);
            }
            case "LeakyHardtanh":
            case "LeakyHardTanh":
                known(spec, "min_val", "max_val", "min_slope", "max_slope");
                return ActivationFunction.leakyHardtanh(param(spec, "min_val", -1f), param(spec, "max_val", 1f),
                        param(spec, "min_slope", 0.01f), param(spec, "max_slope", 0.01f));
            default:
                known(spec);
                return byName(type);
        }
    }

    private static void known(JsonNode spec, String... params) {
        Set<String> allowed = Set.of(params);
        for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("type") && !allowed.contains(name)) {
                throw new IllegalArgumentException("activation " + spec.get("type").asText() + " has no parameter '"
                        + name + "'" + (params.length == 0 ? "" : " (it has " + String.join(", ", params) + ")"));
            }
        }
    }

    private static float param(JsonNode spec, String name, float fallback) {
        JsonNode v = spec.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("activation " + spec.get("type").asText() + " parameter " + name
                    + " must be a number, found " + v);
        }
        return v.floatValue();
    }

    /**
     * What NAM core's fast-tanh switch makes of {@code f}: Tanh becomes {@link ActivationFunction#fastTanh()};
     * everything else stays, Sigmoid (a gate's second half included) too.
     */
    public static ActivationFunction withFastTanh(ActivationFunction f) {
        return f instanceof ActivationFunction.Tanh ? ActivationFunction.fastTanh() : f;
    }

    /** The NAM name of {@code f}, for writing {@code .nam} files. */
    public static String nameOf(ActivationFunction f) {
        for (Map.Entry<String, ActivationFunction> e : BY_NAME.entrySet()) {
            if (e.getValue().equals(f)) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException(f.describe() + " has no NAM name; NAM names " + String.join(", ", BY_NAME.keySet()));
    }
}
