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
 * Both math families, and each PanamaMath implementation, against double-precision
 * references: error = |y - exact| / ulp(float(exact)). Measured maxima (AVX-512, JDK 17, every
 * 61st bit pattern): polynomial tanh 1.26 ulp, sigmoid 2.33; lanewise (SVML) tanh 0.57, sigmoid 2.19; ScalarMath
 * at most 0.5 (a single rounding). The asserted bound, 3 ulp, is the "few ulp" contract of
 * {@link VectorMath} with margin for other vector widths.
 */
class MathAccuracyTest {

    private static final double MAX_ULP = 3.0;

    interface InPlace {
        void apply(VectorMath math, float[] x, int off, int len);
    }

    private static final InPlace TANH = VectorMath::tanh;
    private static final InPlace SIGMOID = VectorMath::sigmoid;
    private static final DoubleUnaryOperator TANH_REF = Math::tanh;
    private static final DoubleUnaryOperator SIGMOID_REF = v -> 1.0 / (1.0 + Math.exp(-v));

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

    private static double maxUlpError(VectorMath math, InPlace f, DoubleUnaryOperator ref, float[] args) {
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
        assertTrue(err <= MAX_ULP, kernels.name() + " tanh max error " + err + " ulp");
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void sigmoidWithinFewUlp(Kernels kernels) {
        double err = maxUlpError(kernels.math(), SIGMOID, SIGMOID_REF, sweep());
        System.out.printf("%s sigmoid max error %.2f ulp%n", kernels.name(), err);
        assertTrue(err <= MAX_ULP, kernels.name() + " sigmoid max error " + err + " ulp");
    }

    /** Each PanamaMath implementation directly, whichever this platform's Kernels use. */
    static Stream<Arguments> panamaPaths() {
        return Stream.of(
                Arguments.of("tanh lanewise", (InPlace) (m, x, o, n) -> PanamaMath.tanhLanewise(x, o, n), TANH_REF),
                Arguments.of("tanh polynomial", (InPlace) (m, x, o, n) -> PanamaMath.tanhPolynomial(x, o, n), TANH_REF),
                Arguments.of("sigmoid lanewise", (InPlace) (m, x, o, n) -> PanamaMath.sigmoidLanewise(x, o, n),
                        SIGMOID_REF),
                Arguments.of("sigmoid polynomial", (InPlace) (m, x, o, n) -> PanamaMath.sigmoidPolynomial(x, o, n),
                        SIGMOID_REF));
    }

    @ParameterizedTest
    @MethodSource("panamaPaths")
    void panamaImplementationsWithinFewUlp(String name, InPlace f, DoubleUnaryOperator ref) {
        KernelFamilies.assumeVectorApi(); // PanamaMath is the incubator module's code
        double err = maxUlpError(null, f, ref, sweep());
        System.out.printf("PanamaMath %s max error %.2f ulp%n", name, err);
        assertTrue(err <= MAX_ULP, name + " max error " + err + " ulp");
    }

    /** Special values through each PanamaMath implementation (a whole number of vectors). */
    @ParameterizedTest
    @MethodSource("panamaPaths")
    void panamaImplementationsSpecialValues(String name, InPlace f, DoubleUnaryOperator ref) {
        KernelFamilies.assumeVectorApi(); // PanamaMath is the incubator module's code
        float[] x = new float[SPECIAL.length * 16];
        for (int i = 0; i < x.length; i++) {
            x[i] = SPECIAL[i % SPECIAL.length];
        }
        float[] y = x.clone();
        f.apply(null, y, 0, y.length);
        for (int i = 0; i < x.length; i++) {
            float expected = (float) ref.applyAsDouble(x[i]);
            if (x[i] == 0 && name.startsWith("tanh")) {
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), name + " sign of " + x[i]);
            } else if (Float.isNaN(expected)) {
                assertTrue(Float.isNaN(y[i]), name + " of NaN");
            } else {
                assertEquals(expected, y[i], Math.ulp(expected) * MAX_ULP, name + " of " + x[i]);
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
        VectorMath math = kernels.math();
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
        VectorMath math = kernels.math();
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
