package dev.convstream.model;

import dev.convstream.kernel.ElementwiseMath;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element-wise activations of Neural Amp Modeler models, under NAM's names and with
 * NAM core's definitions (activations.h). Tanh and Sigmoid go through {@link ElementwiseMath}.
 */
public enum Activation {
    TANH("Tanh"),
    /** NAM's rational approximation of tanh. */
    FAST_TANH("Fasttanh"),
    HARD_TANH("Hardtanh"),
    RELU("ReLU"),
    /** Negative slope 0.01, as in NAM and PyTorch. */
    LEAKY_RELU("LeakyReLU"),
    SIGMOID("Sigmoid"),
    /** {@code x * sigmoid(x)} (NAM's "SiLU", swish). */
    SILU("SiLU"),
    HARD_SWISH("Hardswish"),
    /** Identity on [-1, 1], slope 0.01 outside, NAM's defaults. */
    LEAKY_HARD_TANH("LeakyHardtanh");

    private final String namName;

    Activation(String namName) {
        this.namName = namName;
    }

    /** The name in {@code .nam} files, e.g. {@code "Tanh"}. */
    public String namName() {
        return namName;
    }

    /** Looks up a NAM activation name (exact, case-sensitive as NAM is). */
    public static Activation fromNamName(String name) {
        for (Activation a : values()) {
            if (a.namName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "', expected one of "
                + Arrays.stream(values()).map(Activation::namName).collect(Collectors.joining(", ")));
    }

    /** Applies this activation in place to {@code x[off, off+len)}. Does not allocate. */
    public void apply(float[] x, int off, int len, ElementwiseMath math) {
        int end = off + len;
        switch (this) {
            case TANH:
                math.tanh(x, off, len);
                break;
            case SIGMOID:
                math.sigmoid(x, off, len);
                break;
            case FAST_TANH:
                for (int i = off; i < end; i++) {
                    x[i] = fastTanh(x[i]);
                }
                break;
            case HARD_TANH:
                for (int i = off; i < end; i++) {
                    x[i] = Math.max(-1f, Math.min(1f, x[i]));
                }
                break;
            case RELU:
                for (int i = off; i < end; i++) {
                    x[i] = x[i] > 0f ? x[i] : 0f;
                }
                break;
            case LEAKY_RELU:
                for (int i = off; i < end; i++) {
                    x[i] = x[i] > 0f ? x[i] : 0.01f * x[i];
                }
                break;
            case SILU:
                for (int i = off; i < end; i++) {
                    x[i] = x[i] * (float) (1.0 / (1.0 + Math.exp(-x[i])));
                }
                break;
            case HARD_SWISH:
                for (int i = off; i < end; i++) {
                    float v = x[i];
                    x[i] = v <= -3f ? 0f : v >= 3f ? v : v * (v + 3f) / 6f;
                }
                break;
            case LEAKY_HARD_TANH:
                for (int i = off; i < end; i++) {
                    float v = x[i];
                    x[i] = v < -1f ? (v + 1f) * 0.01f - 1f : v > 1f ? (v - 1f) * 0.01f + 1f : v;
                }
                break;
            default:
                throw new AssertionError(this);
        }
    }

    /** NAM core's {@code fast_tanh}, constants as published there. */
    static float fastTanh(float x) {
        float ax = Math.abs(x);
        float x2 = x * x;
        return x * (2.45550750702956f + 2.45550750702956f * ax + (0.893229853513558f + 0.821226666969744f * ax) * x2)
                / (2.44506634652299f + (2.44506634652299f + x2) * Math.abs(x + 0.814642734961073f * x * ax));
    }
}
