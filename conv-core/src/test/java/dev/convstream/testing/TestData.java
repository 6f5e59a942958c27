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

    /** Audio-like test input: two tones and a little noise from {@code seed}, within [-1, 1]. */
    public static float[] tones(long seed, int n) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int t = 0; t < n; t++) {
            x[t] = (float) (0.5 * Math.sin(t * 0.031) + 0.3 * Math.sin(t * 0.0071 + 1) + 0.2 * (r.nextDouble() - 0.5));
        }
        return x;
    }

    /**
     * {@code channels} planar channels of a DC offset, a sine (220 Hz plus 110 Hz per channel at
     * {@code rate}) and Gaussian noise, each value a multiple of 2^-15 so 16-bit PCM holds it exactly.
     */
    public static float[][] pcm16Signal(int channels, int frames, double rate) {
        Random rnd = new Random(3);
        float[][] s = new float[channels][frames];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < frames; i++) {
                double v = 0.1 + 0.5 * Math.sin(2 * Math.PI * (220 + 110 * c) * i / rate) + 0.05 * rnd.nextGaussian();
                s[c][i] = Math.round(v * 32768) / 32768f;
            }
        }
        return s;
    }
}
