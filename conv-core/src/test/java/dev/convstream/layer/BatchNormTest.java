package dev.convstream.layer;

import dev.convstream.report.ReceptiveField;
import dev.convstream.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static dev.convstream.layer.ActivationTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BatchNormTest {

    @Test
    void matchesPyTorchFormulaOnRandomShapes() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int[] shape : List.of(new int[] {3, 5, 7}, new int[] {1, 4, 3, 5}, new int[] {3, 2}, new int[] {1, 1, 1, 1})) {
            int c = shape[1];
            for (boolean affine : new boolean[] {true, false}) {
                Tensor mean = LayerTestKit.random(rnd, 2, c);
                Tensor var = LayerTestKit.random(rnd, 1, c);
                for (int i = 0; i < c; i++) {
                    var.data()[i] = Math.abs(var.data()[i]) + (i == 0 ? 0 : 0.01f); // channel 0 may sit near 0: eps matters
                }
                Tensor gamma = affine ? LayerTestKit.random(rnd, 3, c) : null;
                Tensor beta = affine ? LayerTestKit.random(rnd, 3, c) : null;
                double eps = affine ? 1e-5 : 1e-3;
                BatchNorm bn = new BatchNorm(mean, var, gamma, beta, eps);
                Tensor x = LayerTestKit.random(rnd, 4, shape);
                Tensor y = bn.forward(x);
                assertArrayEquals(shape, y.shape());
                int plane = LayerChecks.product(shape, 2);
                double[] expected = new double[x.size()];
                double[] bound = new double[x.size()];
                for (int i = 0; i < expected.length; i++) {
                    int ch = (i / plane) % c;
                    double g = affine ? gamma.data()[ch] : 1;
                    double b = affine ? beta.data()[ch] : 0;
                    double inv = 1 / Math.sqrt(var.data()[ch] + eps);
                    expected[i] = (x.data()[i] - mean.data()[ch]) * inv * g + b;
                    bound[i] = Math.abs(x.data()[i] * inv * g) + Math.abs(mean.data()[ch] * inv * g) + Math.abs(b);
                }
                // float rounds scale, shift and the multiply-add: a few ulp of the largest term
                // involved (|x s| + |mean s| + |beta|); 6e-7 relative is ~5 ulp.
                for (int i = 0; i < expected.length; i++) {
                    final double b = bound[i];
                    double err = Math.abs(y.data()[i] - expected[i]);
                    assertEquals(expected[i], y.data()[i], 6e-7 * b + 1e-30,
                            "shape " + java.util.Arrays.toString(shape) + " affine " + affine + " index " + i + " err " + err);
                }
                assertEquals((affine ? 4L : 2L) * c, bn.parameterCount());
                assertEquals((long) shape[0] * c * plane, bn.macs(shape));
            }
        }
    }

    @Test
    void handComputed() {
        // (5 - 1) / sqrt(3 + 1) * 2 + 0.5 = 4.5 ; (-1 - 1)/2*2 + 0.5 = -1.5 ; channel 1 without shift: (x - 0)/1 * -1 + 0
        BatchNorm bn = new BatchNorm(Tensor.of(new float[] {1, 0}, 2), Tensor.of(new float[] {3, 0}, 2),
                Tensor.of(new float[] {2, -1}, 2), Tensor.of(new float[] {0.5f, 0}, 2), 1.0);
        Tensor y = bn.forward(Tensor.of(new float[] {5, -1, 7, 2}, 1, 2, 2));
        assertArrayEquals(new float[] {4.5f, -1.5f, -7f, -2f}, y.data());
        assertArrayEquals(new float[] {1f, -1f}, bn.scale());
        assertArrayEquals(new float[] {-0.5f, 0f}, bn.shift());
        assertEquals("BatchNorm(2, eps=1.0)", bn.describe());
        assertEquals(ReceptiveField.identity(2), bn.report(new int[] {2, 2, 3, 3}).receptiveField());
        assertEquals(0, bn.receptiveField().axes());
        assertEquals(8, bn.parameterCount());
        BatchNorm plain = new BatchNorm(Tensor.of(new float[] {1}, 1), Tensor.of(new float[] {4}, 1), null, null, 0);
        assertArrayEquals(new float[] {0.5f, -0.5f}, plain.forward(Tensor.of(new float[] {2, 0}, 1, 1, 2)).data());
        assertEquals(2, plain.parameterCount());
        assertEquals("BatchNorm(1, eps=0.0, affine=False)", plain.describe());
    }

    @Test
    void clearErrors() {
        Tensor two = Tensor.zeros(2);
        Tensor ones = Tensor.of(new float[] {1, 1}, 2);
        assertMessage(() -> new BatchNorm(two, Tensor.zeros(3), null, null), "running_var has shape [3], expected [2]");
        assertMessage(() -> new BatchNorm(two, ones, ones, null), "both be null");
        assertMessage(() -> new BatchNorm(two, ones, ones, Tensor.zeros(1)), "BatchNorm bias has shape [1], expected [2]");
        assertMessage(() -> new BatchNorm(two, Tensor.of(new float[] {1, -1}, 2), null, null), "running_var[1] must be >= 0");
        assertMessage(() -> new BatchNorm(two, Tensor.zeros(2), null, null, 0), "divide by zero");
        assertMessage(() -> new BatchNorm(two, ones, null, null, -1), "eps must be finite and >= 0");
        assertMessage(() -> new BatchNorm(Tensor.zeros(2, 1), ones, null, null), "running_mean must have shape [C]");
        BatchNorm bn = new BatchNorm(two, ones, null, null);
        assertMessage(() -> bn.forward(Tensor.zeros(1, 3, 4)), "expects 2 channels, found 3");
        assertMessage(() -> bn.outputShape(new int[] {1, 2, 3, 4, 5}), "expects input of rank 2");
    }
}
