package dev.convstream.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

/** The comparison and the data of the gradient checks ({@code grad}, {@code train}). */
public final class GradientChecks {
    private GradientChecks() {
    }

    /** {@code ||expected - actual|| / ||expected|| <= bound} in the 2-norm, the relative error in the message. */
    public static void assertClose(double[] expected, double[] actual, double bound, String what) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            norm += expected[i] * expected[i];
        }
        double rel = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
        assertTrue(rel <= bound, what + ": relative error " + rel + " > " + bound);
    }

    /** {@code n} values uniform in [-1, 1). */
    public static float[] uniform(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }

    public static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
