package dev.convstream.layer;

import dev.convstream.tensor.Tensor;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/** Shared helpers of the non-convolution layer tests. */
final class LayerTestKit {
    private LayerTestKit() {
    }

    /** Uniform values in [-range, range). */
    static Tensor random(SplittableRandom rnd, double range, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rnd.nextDouble(-range, range);
        }
        return t;
    }

    interface Tolerance {
        double of(double reference);
    }

    /** Fails naming the first index where |actual - expected| > tolerance(expected). */
    static void assertClose(String what, double[] expected, Tensor actual, Tolerance tol) {
        float[] a = actual.data();
        if (a.length != expected.length) {
            fail(what + ": " + a.length + " values, expected " + expected.length);
        }
        for (int i = 0; i < a.length; i++) {
            double e = expected[i];
            boolean ok = Double.isNaN(e) ? Float.isNaN(a[i]) : a[i] == e || Math.abs(a[i] - e) <= tol.of(e);
            if (!ok) {
                fail(what + ": at flat index " + i + " of " + Arrays.toString(actual.shape()) + " expected " + e
                        + " found " + a[i] + " (tolerance " + tol.of(e) + ")");
            }
        }
    }
}
