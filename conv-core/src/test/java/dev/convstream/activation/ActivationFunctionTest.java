package dev.convstream.activation;

import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.ElementwiseMath;
import dev.convstream.model.nam.NamActivations;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The functions the PyTorch layer tests (layer.ActivationTest) do not reach: NAM's and Keras's,
 * the gate with another activation than tanh, and NAM's name table. References are written out
 * independently in double, or by hand.
 */
class ActivationFunctionTest {
    private static final ElementwiseMath MATH = Kernels.scalar().math();

    private static float[] apply(ActivationFunction f, float... x) {
        float[] y = x.clone();
        f.apply(y, 0, y.length, MATH);
        return y;
    }

    @Test
    void fastTanhIsNamsRationalApproximationOfTanh() {
        assertEquals(0f, apply(ActivationFunction.fastTanh(), 0f)[0]);
        for (int i = -10_000; i <= 10_000; i++) {
            float x = i / 1000f;
            float y = apply(ActivationFunction.fastTanh(), x)[0];
            // NAM's published approximation is within 4.4e-4 of tanh on [-10, 10] (in double)
            assertEquals(Math.tanh(x), y, 5e-4, "fast_tanh(" + x + ")");
            assertEquals(-y, apply(ActivationFunction.fastTanh(), -x)[0], "odd at " + x);
        }
        // the formula evaluated in double (python), rounded: 0.7618434727422005 and -0.46173463583473545
        assertEquals(0.7618434727422005, apply(ActivationFunction.fastTanh(), 1f)[0], 1e-7);
        assertEquals(-0.46173463583473545, apply(ActivationFunction.fastTanh(), -0.5f)[0], 1e-7);
    }

    @Test
    void leakyHardtanhIsTheIdentityInsideAndLeaksOutside() {
        assertArrayEquals(new float[] {0.5f, -1f, 1f, 1.01f, -1.02f},
                apply(ActivationFunction.leakyHardtanh(), 0.5f, -1f, 1f, 2f, -3f), 1e-7f);
    }

    @Test
    void hardswishByHand() {
        assertArrayEquals(new float[] {0f, 4f, 4f / 6f, -2f / 6f, 0f, 3f},
                apply(ActivationFunction.hardswish(), -4f, 4f, 1f, -1f, -3f, 3f));
    }

    @Test
    void eluByHand() {
        assertArrayEquals(new float[] {2f, (float) Math.expm1(-1), 0f},
                apply(ActivationFunction.elu(1f), 2f, -1f, 0f));
        assertArrayEquals(new float[] {(float) (0.5 * Math.expm1(-2))}, apply(ActivationFunction.elu(0.5f), -2f));
        assertThrows(IllegalArgumentException.class, () -> ActivationFunction.elu(Float.NaN));
    }

    @Test
    void softmaxNormalisesEachRunOfTheAxis() {
        float[] x = {1f, 2f, 3f, -1f, 0f, 1000f};
        float[] y = apply(ActivationFunction.softmax(3), x);
        for (int run = 0; run < 2; run++) {
            double max = Math.max(x[run * 3], Math.max(x[run * 3 + 1], x[run * 3 + 2]));
            double sum = 0;
            for (int i = run * 3; i < run * 3 + 3; i++) {
                sum += Math.exp(x[i] - max);
            }
            for (int i = run * 3; i < run * 3 + 3; i++) {
                assertEquals(Math.exp(x[i] - max) / sum, y[i], 1e-7, "value " + i);
            }
        }
        assertEquals(1f, y[5]); // no overflow: the maximum is subtracted first
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(ActivationFunction.softmax(4), x));
        assertTrue(e.getMessage().contains("runs of 4"), e.getMessage());
    }

    @Test
    void identityLeavesValuesAlone() {
        float[] x = {-0f, Float.NaN, 3.5f};
        assertArrayEquals(x, apply(ActivationFunction.identity(), x));
    }

    @Test
    void nanPropagatesThroughTheNamAndKerasFunctions() {
        for (ActivationFunction f : List.of(ActivationFunction.fastTanh(), ActivationFunction.leakyHardtanh(),
                ActivationFunction.hardswish(), ActivationFunction.elu(1f), ActivationFunction.softmax(2),
                ActivationFunction.identity())) {
            assertTrue(Float.isNaN(apply(f, Float.NaN, 1f)[0]), f.describe() + " of NaN");
        }
    }

    @Test
    void applyTouchesOnlyItsRange() {
        float[] x = {-1f, -2f, -3f, -4f};
        ActivationFunction.relu().apply(x, 1, 2, MATH);
        assertArrayEquals(new float[] {-1f, 0f, 0f, -4f}, x);
    }

    @Test
    void gateMultipliesAnyActivationBySigmoid() {
        float[] a = {-2f, 0.5f, 3f};
        float[] b = {1f, -1f, 0f};
        float[] z = {-2f, 0.5f, 3f, 1f, -1f, 0f}; // the same, as the halves of one array (WaveNet's layout)
        Gate.apply(ActivationFunction.relu(), a, 0, b, 0, 3, MATH);
        Gate.apply(ActivationFunction.relu(), z, 0, z, 3, 3, MATH);
        double[] expected = {0, 0.5 / (1 + Math.exp(1)), 3 * 0.5};
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], a[i], 1e-7, "gate " + i);
            assertEquals(a[i], z[i], "halves of one array " + i);
        }
    }

    @Test
    void everyNamNameMapsOntoOneLibraryFunctionAndBack() {
        for (String name : List.of("Tanh", "Fasttanh", "Hardtanh", "ReLU", "LeakyReLU", "Sigmoid", "SiLU",
                "Hardswish", "LeakyHardtanh")) {
            assertEquals(name, NamActivations.nameOf(NamActivations.byName(name)));
        }
        assertEquals(ActivationFunction.leakyRelu(0.01f), NamActivations.byName("LeakyReLU"));
        assertEquals(ActivationFunction.hardtanh(-1f, 1f), NamActivations.byName("Hardtanh"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NamActivations.byName("tanh"));
        assertTrue(e.getMessage().contains("unknown activation 'tanh'") && e.getMessage().contains("Tanh"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NamActivations.nameOf(ActivationFunction.gelu()));
        assertSame(NamActivations.byName("ReLU"), NamActivations.byName("ReLU"));
    }
}
