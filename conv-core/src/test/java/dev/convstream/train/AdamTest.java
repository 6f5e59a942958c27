package dev.convstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdamTest {
    /** Kingma and Ba's Algorithm 1 with PyTorch's placement of epsilon, in double. */
    private static void reference(double[] p, double[] m, double[] v, double[] g, int t, double lr) {
        double b1 = 0.9;
        double b2 = 0.999;
        for (int i = 0; i < p.length; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double mHat = m[i] / (1 - Math.pow(b1, t));
            double vHat = v[i] / (1 - Math.pow(b2, t));
            p[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
        }
    }

    @Test
    void followsTheReferenceUpdateForTwentySteps() {
        int n = 50;
        SplittableRandom random = new SplittableRandom(3);
        float[] p = new float[n];
        double[] pRef = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = (float) random.nextDouble(-1, 1);
            pRef[i] = p[i];
        }
        double[] m = new double[n];
        double[] v = new double[n];
        Adam adam = new Adam(n);
        for (int t = 1; t <= 20; t++) {
            float[] g = new float[n];
            double[] gRef = new double[n];
            for (int i = 0; i < n; i++) {
                // gradients over five decades, signs mixed: the moments' float rounding shows
                g[i] = (float) (random.nextDouble(-1, 1) * Math.pow(10, -random.nextInt(5)));
                gRef[i] = g[i];
            }
            adam.step(p, g, 0.004);
            reference(pRef, m, v, gRef, t, 0.004);
        }
        // 20 float updates of size <= lr = 0.004 each; float rounding of the moments and of
        // p (ulp ~1e-7 near 1) stays below 1e-6 over 20 steps
        for (int i = 0; i < n; i++) {
            assertEquals(pRef[i], p[i], 1e-6, "parameter " + i);
        }
        assertEquals(20, adam.steps());
    }

    @Test
    void firstStepMovesEachParameterByTheLearningRateAgainstItsGradientSign() {
        // after one step m_hat = g and sqrt(v_hat) = |g|: the update is lr * sign(g)
        float[] p = {0, 0, 0};
        new Adam(3).step(p, new float[] {2f, -0.001f, 1e-3f}, 0.01);
        assertArrayEquals(new float[] {-0.01f, 0.01f, -0.01f}, p, 1e-7f);
    }

    @Test
    void restoredStateContinuesExactlyAsUninterrupted() {
        float[] a = {0.5f, -0.25f};
        float[] b = a.clone();
        Adam one = new Adam(2);
        Adam first = new Adam(2);
        float[][] grads = {{0.1f, -0.3f}, {0.2f, 0.05f}, {-0.4f, 0.3f}, {0.01f, 0.02f}};
        for (int t = 0; t < 2; t++) {
            one.step(a, grads[t], 0.004);
            first.step(b, grads[t], 0.004);
        }
        Adam second = new Adam(2);
        second.restore(first.firstMoment(), first.secondMoment(), first.steps());
        for (int t = 2; t < 4; t++) {
            one.step(a, grads[t], 0.004);
            second.step(b, grads[t], 0.004);
        }
        assertArrayEquals(a, b);
    }

    @Test
    void refusesGradientsOfAnotherSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(3).step(new float[3], new float[2], 0.1));
        assertEquals("parameters and gradient must have 3 values, found 3 and 2", e.getMessage());
    }
}
