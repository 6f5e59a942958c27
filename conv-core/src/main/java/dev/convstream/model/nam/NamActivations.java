package dev.convstream.model.nam;

import dev.convstream.activation.ActivationFunction;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NAM's activation names (the {@code "activation"} field of a {@code .nam} layer array, case
 * as NAM writes it) and the activation-library functions they mean, with NAM core's parameters
 * (LeakyReLU slope 0.01; Hardtanh on [-1, 1]; LeakyHardtanh's defaults). A name table only:
 * the math is in {@link ActivationFunction}.
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
