package dev.convstream.testing;

import dev.convstream.tensor.Tensor;
import java.util.Random;

/**
 * Seeded random tensors for tests. {@link #sixteenths} draws multiples of 1/16 in [-1, 1]: a
 * product of two has 8 fractional bits, so float32 adds thousands of them exactly and any
 * summation order gives the same, exact result, which lets tests demand bit-exact equality.
 */
public final class TestData {
    private final Random random;

    public TestData(long seed) {
        this.random = new Random(seed);
    }

    /** Independent standard normal values. */
    public Tensor gaussian(int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) random.nextGaussian();
        }
        return t;
    }

    /** Uniform over {@code {-16/16, ..., 16/16}}. */
    public Tensor sixteenths(int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (random.nextInt(33) - 16) / 16f;
        }
        return t;
    }

    /** Element-wise absolute value, as a new tensor (null stays null). */
    public static Tensor abs(Tensor t) {
        if (t == null) {
            return null;
        }
        Tensor a = t.copy();
        float[] d = a.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(d[i]);
        }
        return a;
    }

    /** The shared random source, for tests that draw their own configurations. */
    public Random random() {
        return random;
    }
}
