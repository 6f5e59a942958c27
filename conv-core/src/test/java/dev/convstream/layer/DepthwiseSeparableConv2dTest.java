package dev.convstream.layer;

import dev.convstream.kernel.Kernels;
import dev.convstream.report.ReceptiveField;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.NaiveConv;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static dev.convstream.layer.ActivationTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DepthwiseSeparableConv2dTest {

    /** Multiples of 1/16 in [-2, 2]: every product and partial sum below is exact in float. */
    private static Tensor dyadic(SplittableRandom rnd, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (rnd.nextInt(65) - 32) / 16f;
        }
        return t;
    }

    /**
     * Against NaiveConv's direct double loops run twice (depthwise, then 1x1). With dyadic data
     * (|x|, |w| <= 2 in steps of 1/16, at most 9 taps then 5 channels) every intermediate value is a
     * multiple of 2^-12 below 2^10, exactly representable in float, so any summation order must
     * reproduce the reference exactly.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void matchesTwoNaiveConvolutionsExactly(Kernels kernels) {
        SplittableRandom rnd = new SplittableRandom(77);
        int[][] configs = { // in, out, k, stride, padding, N, H, W
                {3, 5, 3, 1, 1, 1, 7, 9}, {4, 2, 3, 2, 1, 3, 8, 5}, {1, 3, 1, 1, 0, 1, 4, 4},
                {5, 4, 3, 2, 0, 3, 9, 7}, {2, 2, 2, 1, 1, 1, 5, 6}};
        for (int[] c : configs) {
            for (PaddingMode mode : PaddingMode.values()) {
                for (boolean bias : new boolean[] {true, false}) {
                    int in = c[0];
                    int out = c[1];
                    int k = c[2];
                    Tensor dw = dyadic(rnd, in, 1, k, k);
                    Tensor db = bias ? dyadic(rnd, in) : null;
                    Tensor pw = dyadic(rnd, out, in, 1, 1);
                    Tensor pb = bias ? dyadic(rnd, out) : null;
                    DepthwiseSeparableConv2d layer = DepthwiseSeparableConv2d.of(in, out, k, c[3], c[4], mode, bias,
                            dw, db, pw, pb, kernels);
                    int[] shape = {c[5], in, c[6], c[7]};
                    Tensor x = dyadic(rnd, shape);
                    Conv2dSpec ds = layer.depthwise().spec();
                    Conv2dSpec ps = layer.pointwise().spec();
                    Tensor mid = NaiveConv.conv2d(ds, x, dw, db).toTensor();
                    NaiveConv.Result expected = NaiveConv.conv2d(ps, mid, pw, pb);
                    Tensor y = layer.forward(x);
                    String what = layer.describe() + " on " + Arrays.toString(shape) + " " + kernels.name();
                    assertArrayEquals(expected.shape(), y.shape(), what);
                    assertArrayEquals(expected.shape(), layer.outputShape(shape), what);
                    for (int i = 0; i < y.size(); i++) {
                        assertEquals(expected.values()[i], y.data()[i], 0.0, what + " at " + i);
                    }
                    int[] midShape = mid.shape();
                    assertEquals((long) in * k * k * midShape[0] * midShape[2] * midShape[3]
                            + (long) out * in * midShape[0] * midShape[2] * midShape[3], layer.macs(shape), what);
                    assertEquals((long) in * k * k + (long) out * in + (bias ? in + out : 0), layer.parameterCount());
                }
            }
        }
    }

    @Test
    void receptiveFieldAndValidation() {
        Kernels k = Kernels.scalar();
        DepthwiseSeparableConv2d layer = DepthwiseSeparableConv2d.of(2, 3, 3, 2, 1, PaddingMode.ZEROS, false,
                Tensor.zeros(2, 1, 3, 3), null, Tensor.zeros(3, 2, 1, 1), null, k);
        assertEquals(ReceptiveField.of2d(3, 3, 2, 2), layer.receptiveField());
        Conv2d depthwise = new Conv2d(Conv2dSpec.builder(4, 4, 3).groups(4).build(), Tensor.zeros(4, 1, 3, 3),
                Tensor.zeros(4), k);
        Conv2d dense = new Conv2d(Conv2dSpec.builder(4, 4, 3).build(), Tensor.zeros(4, 4, 3, 3), Tensor.zeros(4), k);
        Conv2d pointwise = new Conv2d(Conv2dSpec.builder(4, 8, 1).build(), Tensor.zeros(8, 4, 1, 1), Tensor.zeros(8), k);
        Conv2d pointwise3 = new Conv2d(Conv2dSpec.builder(3, 8, 1).build(), Tensor.zeros(8, 3, 1, 1), Tensor.zeros(8), k);
        assertMessage(() -> new DepthwiseSeparableConv2d(dense, pointwise), "needs groups == in_channels, found groups 1");
        assertMessage(() -> new DepthwiseSeparableConv2d(depthwise, depthwise), "needs a 1x1 kernel");
        assertMessage(() -> new DepthwiseSeparableConv2d(depthwise, pointwise3),
                "has 3 input channels but the depthwise conv gives 4");
        DepthwiseSeparableConv2d ok = new DepthwiseSeparableConv2d(depthwise, pointwise);
        assertArrayEquals(new int[] {1, 8, 3, 3}, ok.outputShape(new int[] {1, 4, 5, 5}));
        assertMessage(() -> ok.forward(Tensor.zeros(1, 3, 5, 5)), "expects 4 input channels, found 3");
    }
}
