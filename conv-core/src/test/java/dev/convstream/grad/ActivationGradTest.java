package dev.convstream.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.kernel.ElementwiseMath;
import dev.convstream.kernel.Kernels;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ActivationGrad} and {@link HeadGrad} against central finite differences in double
 * ({@link Math#tanh}, {@code 1/(1+e^-z)}; step 1e-4, truncation error ~1e-8 relative). The
 * backward uses the float outputs of the family's tanh/sigmoid (within 3 ulp of exact), so the
 * relative error of each element is a few 1e-7 (1 - a^2 loses up to a few bits where
 * |a| is near 1, relative to the derivative's size there); the bound is 1e-5 in the 2-norm.
 */
class ActivationGradTest {
    private static final double H = 1e-4;

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void tanhSigmoidAndGateMatchCentralDifferences(Kernels kernels) {
        ElementwiseMath math = kernels.math();
        Random rnd = new Random(5);
        int n = 257;
        float[] z1 = new float[n];
        float[] z2 = new float[n];
        float[] da = new float[n];
        for (int i = 0; i < n; i++) {
            z1[i] = (float) (rnd.nextGaussian() * 2);
            z2[i] = (float) (rnd.nextGaussian() * 2);
            da[i] = (float) rnd.nextGaussian();
        }
        float[] t = z1.clone();
        math.tanh(t, 0, n);
        float[] s = z2.clone();
        math.sigmoid(s, 0, n);

        float[] dz = new float[n];
        ActivationGrad.tanh(t, 0, da, 0, dz, 0, n);
        double[] num = new double[n];
        for (int i = 0; i < n; i++) {
            num[i] = da[i] * (Math.tanh(z1[i] + H) - Math.tanh(z1[i] - H)) / (2 * H);
        }
        Conv1dGradTest.assertClose(num, dev.convstream.testing.GradientChecks.toDouble(dz), "tanh");

        ActivationGrad.sigmoid(s, 0, da, 0, dz, 0, n);
        for (int i = 0; i < n; i++) {
            num[i] = da[i] * (sigmoid(z2[i] + H) - sigmoid(z2[i] - H)) / (2 * H);
        }
        Conv1dGradTest.assertClose(num, dev.convstream.testing.GradientChecks.toDouble(dz), "sigmoid");

        float[] dz1 = new float[n];
        float[] dz2 = new float[n];
        ActivationGrad.gated(t, 0, s, 0, da, 0, dz1, 0, dz2, 0, n);
        double[] num1 = new double[n];
        double[] num2 = new double[n];
        for (int i = 0; i < n; i++) {
            double z = z1[i];
            double y = z2[i];
            num1[i] = da[i] * (Math.tanh(z + H) * sigmoid(y) - Math.tanh(z - H) * sigmoid(y)) / (2 * H);
            num2[i] = da[i] * (Math.tanh(z) * sigmoid(y + H) - Math.tanh(z) * sigmoid(y - H)) / (2 * H);
        }
        Conv1dGradTest.assertClose(num1, dev.convstream.testing.GradientChecks.toDouble(dz1), "gate, tanh half");
        Conv1dGradTest.assertClose(num2, dev.convstream.testing.GradientChecks.toDouble(dz2), "gate, sigmoid half");

        // in place: dz over da
        float[] inPlace = da.clone();
        ActivationGrad.tanh(t, 0, inPlace, 0, inPlace, 0, n);
        ActivationGrad.tanh(t, 0, da, 0, dz, 0, n);
        assertTrue(java.util.Arrays.equals(dz, inPlace), "tanh in place gives the same values");
    }

    @org.junit.jupiter.api.Test
    void headScaleForwardAndGradients() {
        float[] head = {0.5f, -1.25f, 2f};
        float[] out = new float[3];
        HeadGrad.scale(0.02f, head, 0, out, 0, 3);
        assertEquals(0.02f * -1.25f, out[1]);
        float[] dOut = {1f, 2f, -3f};
        float[] dHead = new float[3];
        HeadGrad.scaleBackward(0.02f, dOut, 0, dHead, 0, 3);
        // L = sum dOut * scale * head: dL/dhead = scale * dOut, dL/dscale = sum dOut * head
        assertEquals(0.02f * -3f, dHead[2]);
        double h = 1e-3;
        double numeric = (loss(0.02 + h, head, dOut) - loss(0.02 - h, head, dOut)) / (2 * h);
        assertEquals(numeric, HeadGrad.scaleGradient(dOut, 0, head, 0, 3), 1e-9);
    }

    private static double loss(double scale, float[] head, float[] dOut) {
        double s = 0;
        for (int i = 0; i < head.length; i++) {
            s += dOut[i] * scale * head[i];
        }
        return s;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
