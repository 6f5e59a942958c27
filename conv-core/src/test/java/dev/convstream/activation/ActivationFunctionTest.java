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

    /**
     * NAM core's C++ {@code fast_tanh} in float as its {@code -O3 -march=native} build evaluates
     * it: C++'s order (left to right, multiplications before additions), with every
     * {@code a * b + c} the compiler may contract (GCC's default {@code -ffp-contract=fast})
     * fused into one rounding, written out step by step. Unfused, the LSTM's fast-tanh output
     * misses NAM core's reference by 1.5e-5 of its peak; fused, it is bit-identical
     * (LstmSharedFileTest).
     */
    private static float fastTanhAsCppEvaluatesIt(float x) {
        float ax = Math.abs(x);
        float x2 = x * x;
        float p2 = Math.fma(2.45550750702956f, ax, 2.45550750702956f);
        float p4 = Math.fma(0.821226666969744f, ax, 0.893229853513558f);
        float p6 = Math.fma(p4, x2, p2);
        float num = x * p6;
        float q1 = 0.814642734961073f * x;
        float q3 = Math.abs(Math.fma(q1, ax, x));
        float q4 = 2.44506634652299f + x2;
        float den = Math.fma(q4, q3, 2.44506634652299f);
        return num / den;
    }

    /** Inputs of the sweep: a fine grid on [-16, 16], then 200,000 floats of magnitude 2^-30 .. 2^30. */
    private static float[] fastTanhSweep() {
        float[] x = new float[2 * 16 * 16_384 + 1 + 200_000];
        int n = 0;
        for (int i = -16 * 16_384; i <= 16 * 16_384; i++) {
            x[n++] = i / 16_384f;
        }
        int s = 12_345;
        for (int i = 0; i < 200_000; i++) {
            s = s * 1_664_525 + 1_013_904_223;
            int e = Integer.remainderUnsigned(s >>> 24, 60) + 97;
            x[n++] = Float.intBitsToFloat((s & 0x807fffff) | (e << 23));
        }
        return x;
    }

    @Test
    void fastTanhIsBitExactWithNamCoresFloatExpression() {
        float[] x = fastTanhSweep();
        float[] y = apply(ActivationFunction.fastTanh(), x);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(fastTanhAsCppEvaluatesIt(x[i])), Float.floatToRawIntBits(y[i]),
                    () -> "fast_tanh bits differ");
        }
        // The same sweep through NAM core's fast_tanh compiled by g++ 12 as NAM core's reference
        // build compiles it (x86-64, -O3 -march=native, so FMA contraction; the program is in
        // docs/nam-fast-tanh.md): FNV-1a over the output bits, and a few outputs.
        long h = 0xcbf29ce484222325L;
        for (float v : y) {
            h ^= Integer.toUnsignedLong(Float.floatToRawIntBits(v));
            h *= 0x100000001b3L;
        }
        assertEquals(Long.parseUnsignedLong("8443128165433684638"), h, "hash of " + x.length + " outputs");
        float[] in = {1f, -0.5f, 0.1f, 3f, -7.25f, 1e-20f, 100f};
        int[] cpp = {0x3f43082c, 0xbeec687a, 0x3dccd16a, 0x3f7ebf6d, 0xbf7ff433, 0x1e3db387, 0x3f80dcfc};
        float[] out = apply(ActivationFunction.fastTanh(), in);
        for (int i = 0; i < in.length; i++) {
            assertEquals(cpp[i], Float.floatToRawIntBits(out[i]), "fast_tanh(" + in[i] + ")");
        }
    }

    @Test
    void namFastTanhSwitchTurnsTanhOnly() {
        assertEquals(ActivationFunction.fastTanh(), NamActivations.withFastTanh(ActivationFunction.tanh()));
        for (ActivationFunction f : List.of(ActivationFunction.sigmoid(), ActivationFunction.fastTanh(),
                ActivationFunction.relu(), ActivationFunction.hardtanh(-1f, 1f), ActivationFunction.leakyHardtanh())) {
            assertSame(f, NamActivations.withFastTanh(f), f.describe());
        }
    }

    /**
     * The branch-free LeakyReLU gives, bit for bit, PyTorch's definition written as the
     * conditional ({@code x > 0 ? x : slope * x}) for slopes below, at and above 1 and negative,
     * on ordinary values, signed zeros, infinities and NaN (NaN stays NaN); the one allowed
     * difference is +0 with a negative slope (+0 instead of -0).
     */
    @Test
    void leakyReluIsTheConditionalBitForBit() {
        java.util.Random r = new java.util.Random(5);
        float[] x = new float[1_003];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
        }
        float[] specials = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE,
                -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE};
        System.arraycopy(specials, 0, x, 500, specials.length);
        for (float slope : new float[] {0.01f, 0.2f, 0f, 1f, 1.5f, -0.3f}) {
            float[] y = apply(ActivationFunction.leakyRelu(slope), x);
            for (int i = 0; i < x.length; i++) {
                float expected = x[i] > 0f ? x[i] : slope * x[i];
                if (slope < 0f && Float.floatToRawIntBits(x[i]) == 0) {
                    expected = 0f;
                }
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(y[i]),
                        "LeakyReLU(" + slope + ")(" + x[i] + ") = " + y[i] + ", expected " + expected);
            }
        }
    }

    @Test
    void leakyHardtanhIsTheIdentityInsideAndLeaksOutside() {
        assertArrayEquals(new float[] {0.5f, -1f, 1f, 1.01f, -1.02f},
                apply(ActivationFunction.leakyHardtanh(), 0.5f, -1f, 1f, 2f, -3f), 1e-7f);
    }

    @Test
    void leakyHardtanhTakesNamsFourParameters() {
        // min -0.5, max 0.8: below (x - min) * 0.1 + min, above (x - max) * 0.02 + max
        assertArrayEquals(new float[] {0.5f, -0.6f, 0.82f, -0.5f},
                apply(ActivationFunction.leakyHardtanh(-0.5f, 0.8f, 0.1f, 0.02f), 0.5f, -1.5f, 1.8f, -0.5f), 1e-7f);
    }

    @Test
    void preluSharesOneSlopeOrTakesOnePerChannelRow() {
        assertArrayEquals(new float[] {2f, -0.5f, 0f}, apply(ActivationFunction.prelu(0.25f), 2f, -2f, 0f));
        // two channels of three frames, channel-major: slope 0.5 for row 0, -2 for row 1
        assertArrayEquals(new float[] {1f, -0.5f, -1f, 3f, 2f, 4f},
                apply(ActivationFunction.prelu(0.5f, -2f), 1f, -1f, -2f, 3f, -1f, -2f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(ActivationFunction.prelu(0.5f, -2f), 1f, 2f, 3f));
        assertTrue(e.getMessage().contains("not a whole number of channels"), e.getMessage());
        assertEquals(ActivationFunction.prelu(0.5f, -2f), ActivationFunction.prelu(0.5f, -2f));
    }

    @Test
    void softsignByHand() {
        assertArrayEquals(new float[] {0.5f, -0.75f, 0f}, apply(ActivationFunction.softsign(), 1f, -3f, 0f));
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
                "Hardswish", "LeakyHardtanh", "PReLU", "Softsign")) {
            assertEquals(name, NamActivations.nameOf(NamActivations.byName(name)));
        }
        assertEquals(ActivationFunction.leakyRelu(0.01f), NamActivations.byName("LeakyReLU"));
        assertEquals(ActivationFunction.hardtanh(-1f, 1f), NamActivations.byName("Hardtanh"));
        assertEquals(NamActivations.byName("LeakyHardtanh"), NamActivations.byName("LeakyHardTanh"), "both spellings");
        assertEquals(ActivationFunction.prelu(0.01f), NamActivations.byName("PReLU"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NamActivations.byName("tanh"));
        assertTrue(e.getMessage().contains("unknown activation 'tanh'") && e.getMessage().contains("Tanh"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NamActivations.nameOf(ActivationFunction.gelu()));
        assertSame(NamActivations.byName("ReLU"), NamActivations.byName("ReLU"));
    }
}
