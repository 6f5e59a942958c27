package dev.convstream.layer;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.activation.ErfTest;
import dev.convstream.kernel.Kernels;
import dev.convstream.report.ReceptiveField;
import dev.convstream.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import static dev.convstream.layer.LayerTestKit.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationTest {

    private static final List<int[]> SHAPES = List.of(new int[] {3, 5, 7}, new int[] {1, 4, 3, 5},
            new int[] {2, 3}, new int[] {1, 1, 1});

    /** Exact in float: the layer must do the very same float operation as PyTorch. */
    private static final LayerTestKit.Tolerance EXACT = r -> 0;
    /** Computed in double, rounded once to float: at most half an ulp, plus double slack. */
    private static final LayerTestKit.Tolerance ROUNDED = r -> Math.ulp((float) r) * 0.5000001;
    /**
     * Through {@code kernels.math()} (tanh, sigmoid): its contract is "a few ulp" of float32,
     * and 1e-6 is ~8 ulp at 1.0, where these functions' outputs live.
     */
    private static final LayerTestKit.Tolerance MATH = r -> 1e-6;

    private record Case(ActivationFunction f, DoubleUnaryOperator ref, LayerTestKit.Tolerance tol) {
    }

    private static List<Case> cases() {
        return List.of(
                new Case(ActivationFunction.relu(), x -> x > 0 ? x : 0, EXACT),
                new Case(ActivationFunction.leakyRelu(0.01f), x -> x > 0 ? x : (float) x * 0.01f, EXACT),
                new Case(ActivationFunction.leakyRelu(-0.3f), x -> x > 0 ? x : (float) x * -0.3f, EXACT),
                new Case(ActivationFunction.hardtanh(-1f, 1f), x -> Math.min(1, Math.max(-1, x)), EXACT),
                new Case(ActivationFunction.hardtanh(-0.5f, 2.5f), x -> Math.min(2.5, Math.max(-0.5, x)), EXACT),
                new Case(ActivationFunction.tanh(), Math::tanh, MATH),
                new Case(ActivationFunction.sigmoid(), x -> 1 / (1 + Math.exp(-x)), MATH),
                new Case(ActivationFunction.silu(), x -> x / (1 + Math.exp(-x)), ROUNDED),
                new Case(ActivationFunction.gelu(), ActivationTest::geluReference, ROUNDED),
                new Case(ActivationFunction.geluTanh(),
                        x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))), ROUNDED));
    }

    /**
     * x/2 (1 + erf(x/sqrt 2)) from ErfTest's independent series; where 1 + erf would cancel
     * (x/sqrt 2 < -2) as x/2 erfc(-x/sqrt 2) from its continued fraction.
     */
    static double geluReference(double x) {
        double z = x / Math.sqrt(2);
        return z < -2 ? 0.5 * x * ErfTest.continuedFractionErfc(-z) : 0.5 * x * (1 + ErfTest.seriesErf(z));
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void matchesDoubleReferenceOnRandomShapes(Kernels kernels) {
        SplittableRandom rnd = new SplittableRandom(11);
        for (Case c : cases()) {
            Activation layer = new Activation(c.f(), kernels);
            for (int[] shape : SHAPES) {
                Tensor x = LayerTestKit.random(rnd, 8, shape);
                Tensor before = x.copy();
                Tensor y = layer.forward(x);
                assertArrayEquals(shape, y.shape());
                assertArrayEquals(before.data(), x.data(), "input must stay untouched");
                double[] expected = new double[x.size()];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = c.ref().applyAsDouble(x.data()[i]);
                }
                assertClose(c.f().describe() + " on " + kernels.name(), expected, y, c.tol());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void handComputedValues(Kernels kernels) {
        // GELU values: scipy 1.17.1, 0.5*x*scipy.special.erfc(-x/sqrt(2)); tanh form in double.
        check(kernels, ActivationFunction.gelu(), new float[] {1f, -1f, 0.5f, -3f, 2f, 0f},
                new double[] {0.8413447460685429, -0.15865525393145707, 0.3457312306370065,
                        -0.004049694094890288, 1.9544997361036416, 0}, ROUNDED);
        check(kernels, ActivationFunction.geluTanh(), new float[] {1f, -1f, 0.5f, -3f, 2f},
                new double[] {0.8411919906082768, -0.15880800939172324, 0.34571400982514394,
                        -0.0036373920817729943, 1.954597694087775}, ROUNDED);
        check(kernels, ActivationFunction.relu(), new float[] {-1f, 0f, 2.5f, -0f}, new double[] {0, 0, 2.5, 0}, EXACT);
        check(kernels, ActivationFunction.leakyRelu(0.5f), new float[] {-2f, 3f}, new double[] {-1, 3}, EXACT);
        check(kernels, ActivationFunction.hardtanh(-1f, 1f), new float[] {-3f, 0.25f, 7f}, new double[] {-1, 0.25, 1}, EXACT);
        check(kernels, ActivationFunction.silu(), new float[] {1f, -2f}, new double[] {0.7310585786300049, -0.2384058440442351}, ROUNDED);
        check(kernels, ActivationFunction.sigmoid(), new float[] {0f}, new double[] {0.5}, MATH);
    }

    private static void check(Kernels k, ActivationFunction f, float[] in, double[] expected, LayerTestKit.Tolerance tol) {
        Tensor y = new Activation(f, k).forward(Tensor.of(in, 1, in.length));
        assertClose(f.describe(), expected, y, tol);
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void nanPropagates(Kernels kernels) {
        for (Case c : cases()) {
            Tensor y = new Activation(c.f(), kernels).forward(Tensor.of(new float[] {Float.NaN, 1f}, 1, 2));
            assertTrue(Float.isNaN(y.data()[0]), c.f().describe() + " of NaN");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void gatedMatchesReference(Kernels kernels) {
        SplittableRandom rnd = new SplittableRandom(5);
        GatedActivation gate = new GatedActivation(kernels);
        for (int[] shape : List.of(new int[] {3, 6, 7}, new int[] {1, 2, 3, 5}, new int[] {2, 4})) {
            Tensor x = LayerTestKit.random(rnd, 5, shape);
            Tensor y = gate.forward(x);
            int[] outShape = shape.clone();
            outShape[1] /= 2;
            assertArrayEquals(outShape, y.shape());
            int half = outShape[1];
            int plane = LayerChecks.product(shape, 2);
            double[] expected = new double[y.size()];
            int o = 0;
            for (int n = 0; n < shape[0]; n++) {
                for (int c = 0; c < half; c++) {
                    for (int i = 0; i < plane; i++) {
                        double a = x.data()[(n * shape[1] + c) * plane + i];
                        double b = x.data()[(n * shape[1] + c + half) * plane + i];
                        expected[o++] = Math.tanh(a) / (1 + Math.exp(-b));
                    }
                }
            }
            assertClose("gate " + kernels.name(), expected, y, MATH);
        }
        // hand values: channel 0 = a, channel 1 = b; python: math.tanh(0.5)/(1+math.exp(1.0)) etc.
        Tensor y = gate.forward(Tensor.of(new float[] {0.5f, -2f, -1f, 3f}, 1, 2, 2));
        assertClose("gate by hand", new double[] {0.12428244511296858, -0.9183077303234647}, y, MATH);
    }

    @Test
    void costsAndFields() {
        Activation relu = new Activation(ActivationFunction.relu(), Kernels.scalar());
        assertEquals(0, relu.parameterCount());
        assertEquals(0, relu.macs(new int[] {2, 3, 4, 5}));
        assertEquals(0, relu.receptiveField().axes());
        assertEquals(ReceptiveField.identity(2), relu.report(new int[] {2, 3, 4, 5}).receptiveField());
        assertEquals(ReceptiveField.identity(1), new GatedActivation(Kernels.scalar()).report(new int[] {1, 4, 9}).receptiveField());
        assertEquals("LeakyReLU(negative_slope=0.01)", ActivationFunction.leakyRelu(0.01f).describe());
        assertEquals("GELU(approximate='tanh')", new Activation(ActivationFunction.geluTanh()).describe());
        assertArrayEquals(new int[] {1, 3, 9}, new GatedActivation(Kernels.scalar()).outputShape(new int[] {1, 6, 9}));
    }

    @Test
    void clearErrors() {
        Activation relu = new Activation(ActivationFunction.relu(), Kernels.scalar());
        assertMessage(() -> relu.outputShape(new int[] {5}), "ReLU expects input of rank >= 2");
        assertMessage(() -> relu.outputShape(new int[] {1, 0, 3}), "empty axis 1");
        assertMessage(() -> new GatedActivation(Kernels.scalar()).forward(Tensor.zeros(1, 3, 4)),
                "needs an even channel count");
        assertMessage(() -> ActivationFunction.hardtanh(1f, 1f), "max_val > min_val");
        assertMessage(() -> ActivationFunction.leakyRelu(Float.NaN), "negative_slope must be finite");
        assertThrows(NullPointerException.class, () -> new Activation(null, Kernels.scalar()));
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
