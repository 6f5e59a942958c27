package dev.convstream.activation;

import dev.convstream.check.Require;
import dev.convstream.kernel.ElementwiseMath;
import dev.convstream.kernel.ScalarElementwiseMath;

/**
 * The activation functions of convstream, one definition each, whatever format a model comes
 * from: NAM, PyTorch and Keras (RTNeural) names all map onto these values through their loaders'
 * name tables ({@code NamActivations}, {@code CnnArchitecture}, {@code RtNeuralLoader}).
 *
 * <p>Each function follows PyTorch's module of the same name for float32 tensors where PyTorch
 * has one, else the defining library (NAM core's {@code activations.h} for Fasttanh and
 * LeakyHardtanh, Keras for ELU's and softmax's axis). NaN inputs give NaN outputs, as in PyTorch.
 * Parameters are float because PyTorch converts them to the tensor's dtype before use.
 *
 * <p>{@link #apply} works in place and never allocates, so streaming code may call it from its
 * real-time path. Tanh and Sigmoid go through the kernel family's {@link ElementwiseMath} (possibly
 * vectorised); the others are evaluated per element, in double and rounded once to float where
 * they are transcendental, in float where the defining library's formula is a float one.
 */
public sealed interface ActivationFunction {

    /** Applies the function in place to {@code x[off, off+len)}; {@code math} does tanh/sigmoid. */
    void apply(float[] x, int off, int len, ElementwiseMath math);

    /** PyTorch-style name, e.g. {@code LeakyReLU(negative_slope=0.01)}. */
    String describe();

    /** {@code x}: Keras's {@code linear} (and RTNeural's empty name). */
    static ActivationFunction identity() {
        return new Identity();
    }

    static ActivationFunction relu() {
        return new ReLU();
    }

    /** {@code LeakyReLU(negative_slope)}; PyTorch's and NAM's default slope is 0.01. */
    static ActivationFunction leakyRelu(float negativeSlope) {
        return new LeakyReLU(negativeSlope);
    }

    static ActivationFunction tanh() {
        return new Tanh();
    }

    /** NAM core's rational approximation of tanh ({@code fast_tanh}). */
    static ActivationFunction fastTanh() {
        return new FastTanh();
    }

    static ActivationFunction sigmoid() {
        return new Sigmoid();
    }

    /**
     * NAM core's {@code fast_sigmoid}, {@code 0.5 (fast_tanh(x/2) + 1)}: what its fast-tanh switch
     * makes of an LSTM's gates.
     */
    static ActivationFunction fastSigmoid() {
        return new FastSigmoid();
    }

    /** {@code Hardtanh(min_val, max_val)}; PyTorch's defaults are -1 and 1. */
    static ActivationFunction hardtanh(float min, float max) {
        return new Hardtanh(min, max);
    }

    /** NAM's LeakyHardtanh with its defaults: identity on [-1, 1], slope 0.01 outside. */
    static ActivationFunction leakyHardtanh() {
        return new LeakyHardtanh(-1f, 1f, 0.01f, 0.01f);
    }

    /** NAM's LeakyHardtanh with its four parameters (see {@link LeakyHardtanh}). */
    static ActivationFunction leakyHardtanh(float min, float max, float minSlope, float maxSlope) {
        return new LeakyHardtanh(min, max, minSlope, maxSlope);
    }

    /**
     * {@code PReLU}: {@code x > 0 ? x : slope_c * x}, one slope shared by every channel or one per
     * channel; see {@link PReLU} for the channel layout.
     */
    static ActivationFunction prelu(float... slopes) {
        return new PReLU(slopes);
    }

    /** {@code Softsign()}: {@code x / (1 + |x|)}. */
    static ActivationFunction softsign() {
        return new Softsign();
    }

    /** {@code Hardswish()}: {@code x * relu6(x + 3) / 6}. */
    static ActivationFunction hardswish() {
        return new Hardswish();
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

    /** {@code ELU(alpha)}: {@code x > 0 ? x : alpha (exp(x) - 1)}; Keras's and PyTorch's default alpha is 1. */
    static ActivationFunction elu(float alpha) {
        return new Elu(alpha);
    }

    /** Softmax over runs of {@code axisLength} consecutive values (the last, channel, axis). */
    static ActivationFunction softmax(int axisLength) {
        return new Softmax(axisLength);
    }

    /** {@code x}. */
    record Identity() implements ActivationFunction {
        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
        }

        @Override
        public String describe() {
            return "Identity";
        }
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
            Require.finite("negative_slope", negativeSlope);
        }

        /**
         * Branch-free, so C2 vectorises it: with a slope of at most 1, {@code max(x, slope * x)}
         * is x for x > 0 and {@code slope * x} below (greater slopes: the min); the same values
         * as the conditional, without its mispredicted branch per element (it took 40% of A2's
         * time, BENCHMARKS.md). Signed zeros and NaN come out as before, except that +0 with a
         * negative slope stays +0. A zero slope keeps the conditional.
         */
        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            float s = negativeSlope;
            if (s == 0f) {
                // 0 * inf is NaN: the branch-free form would turn +inf into NaN
                for (int i = off; i < off + len; i++) {
                    x[i] = x[i] > 0f ? x[i] : 0f * x[i];
                }
            } else if (s <= 1f) {
                for (int i = off; i < off + len; i++) {
                    float v = x[i];
                    x[i] = Math.max(v, s * v);
                }
            } else {
                for (int i = off; i < off + len; i++) {
                    float v = x[i];
                    x[i] = Math.min(v, s * v);
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

    /** NAM core's {@code fast_tanh}, in float with the constants published there. */
    record FastTanh() implements ActivationFunction {
        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            for (int i = off; i < off + len; i++) {
                x[i] = of(x[i]);
            }
        }

        /**
         * The approximation of {@code tanh(v)} as NAM core's compiled code evaluates its C++
         * expression: {@code -O3 -march=native} contracts each {@code a * b + c} into one fused
         * multiply-add, so the five such steps are {@link Math#fma}s here. This is what reproduces
         * NAM core's fast-tanh reference output for {@code lstm.nam} bit for bit (see
         * {@code docs/nam-lstm-convnet.md}); the unfused expression is up to a few ulps away.
         * Public for code that inlines the activation per value (the unrolled LSTM).
         */
        public static float of(float v) {
            return ScalarElementwiseMath.fastTanh(v);
        }

        @Override
        public String describe() {
            return "FastTanh";
        }
    }

    /** NAM core's {@code fast_sigmoid}: {@code 0.5f * (fast_tanh(0.5f * x) + 1f)}, in float. */
    record FastSigmoid() implements ActivationFunction {
        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            for (int i = off; i < off + len; i++) {
                x[i] = of(x[i]);
            }
        }

        /** NAM core's {@code fast_sigmoid(v)}, for code that inlines the activation per value. */
        public static float of(float v) {
            return 0.5f * (FastTanh.of(v * 0.5f) + 1f);
        }

        @Override
        public String describe() {
            return "FastSigmoid";
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
     * NAM core's LeakyHardtanh, in float: identity on {@code [min, max]}, continued outside with
     * slope {@code minSlope} below and {@code maxSlope} above.
     */
    record LeakyHardtanh(float min, float max, float minSlope, float maxSlope) implements ActivationFunction {
        public LeakyHardtanh {
            if (!(max > min)) {
                throw new IllegalArgumentException("LeakyHardtanh needs max_val > min_val, found min_val="
                        + min + " max_val=" + max);
            }
        }

        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            for (int i = off; i < off + len; i++) {
                float v = x[i];
                x[i] = v < min ? (v - min) * minSlope + min : v > max ? (v - max) * maxSlope + max : v;
            }
        }

        @Override
        public String describe() {
            return "LeakyHardtanh(min_val=" + min + ", max_val=" + max + ", min_slope=" + minSlope
                    + ", max_slope=" + maxSlope + ")";
        }
    }

    /**
     * {@code x > 0 ? x : slope_c * x}. With one slope it applies to every element. With several,
     * {@link #apply}'s range must be channel-major ({@code slopes.length} equal runs, channel c's
     * frames in run c), the planar layout of a block whose rows are channels; a range whose length
     * is not a multiple of the channel count is refused.
     */
    record PReLU(float[] slopes) implements ActivationFunction {
        public PReLU {
            if (slopes == null || slopes.length == 0) {
                throw new IllegalArgumentException("PReLU needs at least one slope");
            }
            for (float s : slopes) {
                Require.finite("PReLU slope", s);
            }
            slopes = slopes.clone();
        }

        @Override
        public float[] slopes() {
            return slopes.clone();
        }

        /** The channels its slopes are for; 1 when one slope is shared by every channel. */
        public int channels() {
            return slopes.length;
        }

        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            if (len % slopes.length != 0) {
                throw new IllegalArgumentException("PReLU with " + slopes.length + " channel slopes: a range of "
                        + len + " values is not a whole number of channels");
            }
            int run = len / slopes.length;
            for (int c = 0; c < slopes.length; c++) {
                float s = slopes[c];
                for (int i = off + c * run, end = i + run; i < end; i++) {
                    if (x[i] <= 0f) {
                        x[i] *= s;
                    }
                }
            }
        }

        @Override
        public String describe() {
            return "PReLU(" + (slopes.length == 1 ? "negative_slope=" + slopes[0]
                    : "negative_slopes=" + java.util.Arrays.toString(slopes)) + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PReLU p && java.util.Arrays.equals(slopes, p.slopes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(slopes);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** {@code x / (1 + |x|)}, in float as NAM core computes it. */
    record Softsign() implements ActivationFunction {
        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            for (int i = off; i < off + len; i++) {
                x[i] = x[i] / (1f + Math.abs(x[i]));
            }
        }

        @Override
        public String describe() {
            return "Softsign";
        }
    }

    /** {@code x <= -3 ? 0 : x >= 3 ? x : x (x + 3) / 6}, in float as NAM core and PyTorch compute it. */
    record Hardswish() implements ActivationFunction {
        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            for (int i = off; i < off + len; i++) {
                float v = x[i];
                x[i] = v <= -3f ? 0f : v >= 3f ? v : v * (v + 3f) / 6f;
            }
        }

        @Override
        public String describe() {
            return "Hardswish";
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

    /** {@code x * sigmoid(x)}, in double, rounded once. */
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

    /** {@code x > 0 ? x : alpha (exp(x) - 1)}, in double, rounded once. */
    record Elu(float alpha) implements ActivationFunction {
        public Elu {
            Require.finite("ELU alpha", alpha);
        }

        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            for (int i = off; i < off + len; i++) {
                if (!(x[i] > 0f)) {
                    x[i] = (float) (alpha * Math.expm1(x[i]));
                }
            }
        }

        @Override
        public String describe() {
            return "ELU(alpha=" + alpha + ")";
        }
    }

    /**
     * {@code exp(x_i - max) / sum_j exp(x_j - max)} over each run of {@code axisLength}
     * consecutive values (channels-last frames: the channel axis, Keras's default {@code axis=-1}),
     * the sum in double. The range given to {@link #apply} must hold whole runs.
     */
    record Softmax(int axisLength) implements ActivationFunction {
        public Softmax {
            Require.atLeastOne("softmax axis length", axisLength);
        }

        @Override
        public void apply(float[] x, int off, int len, ElementwiseMath math) {
            if (len % axisLength != 0) {
                throw new IllegalArgumentException("softmax over runs of " + axisLength + " values: a range of "
                        + len + " values is not a whole number of runs");
            }
            for (int start = off; start < off + len; start += axisLength) {
                int end = start + axisLength;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = start; i < end; i++) {
                    max = Math.max(max, x[i]);
                }
                double sum = 0;
                for (int i = start; i < end; i++) {
                    sum += Math.exp(x[i] - max);
                }
                for (int i = start; i < end; i++) {
                    x[i] = (float) (Math.exp(x[i] - max) / sum);
                }
            }
        }

        @Override
        public String describe() {
            return "Softmax(axis_length=" + axisLength + ")";
        }
    }
}
