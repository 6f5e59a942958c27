package dev.convstream.bench;

import dev.convstream.tensor.Tensor;

import java.util.Random;

/** The benchmark inputs and weights: values ~ N(0, 0.1^2) from a seeded {@link Random}, so every run sees the same numbers. */
public final class RandomTensors {
    private RandomTensors() {
    }

    public static Tensor gaussian(Random r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian() * 0.1f;
        }
        return t;
    }
}
