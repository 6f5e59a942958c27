package dev.convstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.testing.KernelFamilies;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both math families against double-precision references: error = |y - exact| / ulp(float(exact)).
 * Measured maxima (every 241st bit pattern, JDK 17 and 25): tanh 1.85 ulp (1.945 over every float,
 * TanhExhaustiveCheck), sigmoid 2.33, exp 1.0, the
 * same in both families (one formula). Asserted: tanh 2 ulp, sigmoid and exp 3.
 */
class MathAccuracyTest {

    private static final double MAX_ULP = 3.0;
    private static final double TANH_MAX_ULP = 2.0;

    interface InPlace {
        void apply(ElementwiseMath math, float[] x, int off, int len);
    }

    private static final InPlace TANH = ElementwiseMath::tanh;
    private static final InPlace SIGMOID = ElementwiseMath::sigmoid;
    private static final DoubleUnaryOperator TANH_REF = Math::tanh;
    private static final InPlace EXP = ElementwiseMath::exp;
    private static final DoubleUnaryOperator SIGMOID_REF = v -> 1.0 / (1.0 + Math.exp(-v));
    private static final DoubleUnaryOperator EXP_REF = Math::exp;

    /**
     * Every 241st float bit pattern with |x| up to 2^7 (past both saturation points), both
     * signs: about 9 million arguments, covering subnormals, the tanh polynomial/exp switch at
     * 0.625 and sigmoid's subnormal tail.
     */
    private static float[] sweep() {
        int maxBits = Float.floatToRawIntBits(128f);
        int count = maxBits / 241 + 1;
        float[] x = new float[2 * count];
        for (int i = 0; i < count; i++) {
            float v = Float.intBitsToFloat(i * 241);
            x[2 * i] = v;
            x[2 * i + 1] = -v;
        }
        return x;
    }

    private static double maxUlpError(ElementwiseMath math, InPlace f, DoubleUnaryOperator ref, float[] args) {
        float[] y = args.clone();
        f.apply(math, y, 0, y.length);
        double worst = 0;
        for (int i = 0; i < args.length; i++) {
            double exact = ref.applyAsDouble(args[i]);
            double ulp = Math.ulp((float) exact);
            double err = Math.abs(y[i] - exact) / ulp;
            if (!(err <= worst)) {
                worst = err;
                if (Double.isNaN(err)) {
                    throw new AssertionError("NaN result for " + args[i]);
                }
            }
        }
        return worst;
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void tanhWithinFewUlp(Kernels kernels) {
        double err = maxUlpError(kernels.math(), TANH, TANH_REF, sweep());
        System.out.printf("%s tanh max error %.2f ulp%n", kernels.name(), err);
        assertTrue(err <= TANH_MAX_ULP, kernels.name() + " tanh max error " + err + " ulp");
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void sigmoidWithinFewUlp(Kernels kernels) {
        double err = maxUlpError(kernels.math(), SIGMOID, SIGMOID_REF, sweep());
        System.out.printf("%s sigmoid max error %.2f ulp%n", kernels.name(), err);
        assertTrue(err <= MAX_ULP, kernels.name() + " sigmoid max error " + err + " ulp");
    }

    /** exp over the range where it neither overflows nor underflows to zero, and past both ends. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void expWithinFewUlp(Kernels kernels) {
        float[] x = sweep();
        for (int i = 0; i < x.length; i++) {
            // Finite results only: x up to 87 (overflow is past 88.72), down to -104 (subnormals).
            x[i] = x[i] > 0 ? x[i] * 0.68f : x[i] * 0.8125f;
        }
        double err = maxUlpError(kernels.math(), EXP, EXP_REF, x);
        System.out.printf("%s exp max error %.2f ulp%n", kernels.name(), err);
        assertTrue(err <= MAX_ULP, kernels.name() + " exp max error " + err + " ulp");
        float[] edges = {88.72f, 88.73f, 89f, 100f, 1e30f, Float.POSITIVE_INFINITY, -104f, -200f, Float.NEGATIVE_INFINITY,
            Float.NaN, 0f, -0f};
        float[] y = edges.clone();
        kernels.math().exp(y, 0, y.length);
        for (int i = 0; i < edges.length; i++) {
            float expected = (float) Math.exp(edges[i]);
            if (Float.isFinite(expected) && expected != 0) {
                assertEquals(expected, y[i], Math.ulp(expected) * MAX_ULP, kernels.name() + " exp(" + edges[i] + ")");
            } else {
                assertEquals(expected, y[i], kernels.name() + " exp(" + edges[i] + ")"); // 0, infinity or NaN exactly
            }
        }
    }

    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE,
        100f, -100f, 1e30f, -1e30f, 9f, -9f, 9.02f, -9.02f, 20f, -20f, 0.625f, -0.625f, 89f, -89f, 104f, -104f, 200f, -200f};

    /** Special values in every lane position and in the short (< one vector) path. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void specialValues(Kernels kernels) {
        ElementwiseMath math = kernels.math();
        for (int len : new int[] {1, 3, SPECIAL.length, 40, 100}) {
            float[] x = new float[len];
            for (int i = 0; i < len; i++) {
                x[i] = SPECIAL[i % SPECIAL.length];
            }
            float[] t = x.clone();
            float[] s = x.clone();
            math.tanh(t, 0, len);
            math.sigmoid(s, 0, len);
            for (int i = 0; i < len; i++) {
                float v = x[i];
                String at = kernels.name() + " x=" + v + " len=" + len + " i=" + i;
                if (Float.isNaN(v)) {
                    assertTrue(Float.isNaN(t[i]), "tanh " + at);
                    assertTrue(Float.isNaN(s[i]), "sigmoid " + at);
                } else if (v == 0) {
                    // tanh keeps the sign of zero; sigmoid(+-0) = 1/2 exactly.
                    assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(t[i]), "tanh " + at);
                    assertEquals(0.5f, s[i], "sigmoid " + at);
                } else if (Math.abs(v) >= 9.02f) {
                    // |tanh| rounds to exactly 1 from 9.011; sigmoid to exactly 1 from 16.6 and
                    // below -88 is (sub)normal, 0 below -103.9.
                    assertEquals(Math.signum(v), t[i], "tanh saturates " + at);
                    assertEquals((float) SIGMOID_REF.applyAsDouble(v), s[i], Math.ulp(s[i]) * 2, "sigmoid " + at);
                } else {
                    assertEquals((float) Math.tanh(v), t[i], Math.ulp(t[i]) * MAX_ULP, "tanh " + at);
                }
            }
        }
    }

    /** Only [off, off+len) changes, for lengths around the vector width (the overlap path). */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void touchesOnlyItsRange(Kernels kernels) {
        ElementwiseMath math = kernels.math();
        for (int len = 0; len <= 70; len++) {
            for (int off : new int[] {0, 1, 5}) {
                float[] x = new float[off + len + 4];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (i - 20) * 0.37f;
                }
                float[] y = x.clone();
                math.tanh(y, off, len);
                for (int i = 0; i < x.length; i++) {
                    float expected = i >= off && i < off + len ? (float) Math.tanh(x[i]) : x[i];
                    assertEquals(expected, y[i], Math.ulp(expected) * MAX_ULP, kernels.name() + " len=" + len
                            + " off=" + off + " i=" + i);
                }
                y = x.clone();
                math.sigmoid(y, off, len);
                for (int i = 0; i < x.length; i++) {
                    float expected = i >= off && i < off + len ? (float) SIGMOID_REF.applyAsDouble(x[i]) : x[i];
                    assertEquals(expected, y[i], Math.ulp(expected) * MAX_ULP, kernels.name() + " len=" + len
                            + " off=" + off + " i=" + i);
                }
            }
        }
    }
}
