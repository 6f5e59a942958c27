package dev.convstream.layer;

import dev.convstream.kernel.ElementwiseMath;

/**
 * The element-wise functions {@link Activation} applies, each as PyTorch's module of the same
 * name defines it for float32 tensors. NaN inputs give NaN outputs, as in PyTorch.
 * Parameters are float because PyTorch converts them to the tensor's dtype before use.
 *
 * <p>{@link #apply} never allocates, so streaming code may call it from its real-time path.
 * Tanh and Sigmoid go through the (possibly vectorised) {@code ElementwiseMath} kernel; the others are
 * evaluated per element in double and rounded once to float, i.e. correctly rounded up to the
 * last bit or so.
 */
public sealed interface ActivationFunction {

    /** Applies the function in place to {@code x[off, off+len)}; {@code math} does tanh/sigmoid. */
    void apply(float[] x, int off, int len, ElementwiseMath math);

    /** PyTorch-style name, e.g. {@code LeakyReLU(negative_slope=0.01)}. */
    String describe();

    static ActivationFunction relu() {
        return new ReLU();
    }

    /** {@code LeakyReLU(negative_slope)}; PyTorch's default slope is 0.01. */
    static ActivationFunction leakyRelu(float negativeSlope) {
        return new LeakyReLU(negativeSlope);
    }

    static ActivationFunction tanh() {
        return new Tanh();
    }

    static ActivationFunction sigmoid() {
        return new Sigmoid();
    }

    /** {@code Hardtanh(min_val, max_val)}; PyTorch's defaults are -1 and 1. */
    static ActivationFunction hardtanh(float min, float max) {
        return new Hardtanh(min, max);
    }

    /** {@code GELU()}: the exact form {@code x/2 (1 + erf(x/sqrt 2))}, PyTorch's default. */
    static ActivationFunction gelu() {
        return new Gelu(false);
    }

    /** {@code GELU(approximate='tanh')}: {@code x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    static ActivationFunction geluTanh() {
        return new Gelu(true);
    }

    /** {@code SiLU()} (swish): {@code x * sigmoid(x)}. */
    static ActivationFunction silu() {
        return new SiLU();
    }

    /** {@code max(0, x)}. */
    record ReLU() implements ActivationFunction {
        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            for (int i = off; i < off + len; i++) {
                if (x[i] <= 0f) { // false for NaN, which passes through
                    x[i] = 0f;
                }
            }
        }

        @Override
        public String describe() {
            return "ReLU";
        }
    }

    /** {@code x > 0 ? x : negativeSlope * x}. */
    record LeakyReLU(float negativeSlope) implements ActivationFunction {
        public LeakyReLU {
            if (!Float.isFinite(negativeSlope)) {
                throw new IllegalArgumentException("negative_slope must be finite, found " + negativeSlope);
            }
        }

        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            for (int i = off; i < off + len; i++) {
                if (x[i] <= 0f) {
                    x[i] *= negativeSlope;
                }
            }
        }

        @Override
        public String describe() {
            return "LeakyReLU(negative_slope=" + negativeSlope + ")";
        }
    }

    record Tanh() implements ActivationFunction {
        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            math.tanh(x, off, len);
        }

        @Override
        public String describe() {
            return "Tanh";
        }
    }

    /** {@code 1 / (1 + exp(-x))}. */
    record Sigmoid() implements ActivationFunction {
        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            math.sigmoid(x, off, len);
        }

        @Override
        public String describe() {
            return "Sigmoid";
        }
    }

    /** {@code clamp(x, min, max)}; PyTorch requires {@code max > min}. */
    record Hardtanh(float min, float max) implements ActivationFunction {
        public Hardtanh {
            if (!(max > min)) {
                throw new IllegalArgumentException("Hardtanh needs max_val > min_val, found min_val="
                        + min + " max_val=" + max);
            }
        }

        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            for (int i = off; i < off + len; i++) {
                if (x[i] < min) {
                    x[i] = min;
                } else if (x[i] > max) {
                    x[i] = max;
                }
            }
        }

        @Override
        public String describe() {
            return "Hardtanh(min_val=" + min + ", max_val=" + max + ")";
        }
    }

    /**
     * GELU. The exact form is evaluated in double as {@code x/2 * erfc(-x/sqrt 2)} with
     * {@link Erf#erfc}, which equals {@code x/2 (1 + erf(x/sqrt 2))} but keeps its relative
     * accuracy for very negative x (PyTorch's float32 path flushes those tiny values towards 0;
     * the difference is below 1e-7 in absolute terms). The tanh form is evaluated in double too.
     */
    record Gelu(boolean tanhApproximation) implements ActivationFunction {
        private static final double SQRT_HALF = 0.70710678118654752440;
        private static final double SQRT_2_OVER_PI = 0.79788456080286535588;

        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            if (!tanhApproximation) {
                for (int i = off; i < off + len; i++) {
                    double v = x[i];
                    x[i] = (float) (0.5 * v * Erf.erfc(-v * SQRT_HALF));
                }
                return;
            }
            for (int i = off; i < off + len; i++) {
                double v = x[i];
                x[i] = (float) (0.5 * v * (1.0 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
            }
        }

        @Override
        public String describe() {
            return tanhApproximation ? "GELU(approximate='tanh')" : "GELU";
        }
    }

    /** {@code x * sigmoid(x)}. */
    record SiLU() implements ActivationFunction {
        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            for (int i = off; i < off + len; i++) {
                double v = x[i];
                x[i] = (float) (v / (1.0 + Math.exp(-v)));
            }
        }

        @Override
        public String describe() {
            return "SiLU";
        }
    }
}
