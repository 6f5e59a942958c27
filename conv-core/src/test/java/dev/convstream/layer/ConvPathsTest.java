package dev.convstream.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.Padding;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.NaiveConv;
import dev.convstream.testing.TestData;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pointwise (1x1, no im2col) and depthwise (direct kernel on a padded plane) paths: chosen
 * when they apply, and equal to the general im2col + GEMM path and to the reference.
 */
class ConvPathsTest {

    static List<Conv2dSpec> pointwise2d() {
        return List.of(
                Conv2dSpec.builder(5, 7, 1).build(),
                Conv2dSpec.builder(4, 6, 1).groups(2).bias(false).build(),
                Conv2dSpec.builder(3, 8, 1).dilation(3).build()); // dilation is moot for 1x1
    }

    static List<Conv2dSpec> depthwise2d() {
        return List.of(
                Conv2dSpec.builder(4, 4, 3).groups(4).padding(1).build(),
                Conv2dSpec.builder(3, 6, 3, 2).groups(3).stride(2, 1).dilation(2, 1)
                        .padding(new Padding(2, 1), new Padding(0, 3)).paddingMode(PaddingMode.REFLECT).build(),
                Conv2dSpec.builder(2, 4, 5).groups(2).same().paddingMode(PaddingMode.CIRCULAR).bias(false).build(),
                Conv2dSpec.builder(5, 5, 1).groups(5).build()); // 1x1 depthwise: depthwise wins
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void pointwise2dSkipsIm2colAndEqualsTheGeneralPath(Kernels kernels) {
        for (Conv2dSpec spec : pointwise2d()) {
            assertEquals(Conv2d.Path.POINTWISE, layer(spec, kernels, null).path(), spec.toString());
            comparePaths(spec, kernels, Conv2d.Path.POINTWISE, new int[] {3, spec.inChannels(), 5, 6});
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void depthwise2dUsesTheDirectKernelAndEqualsTheGeneralPath(Kernels kernels) {
        for (Conv2dSpec spec : depthwise2d()) {
            assertEquals(Conv2d.Path.DEPTHWISE, layer(spec, kernels, null).path(), spec.toString());
            comparePaths(spec, kernels, Conv2d.Path.DEPTHWISE, new int[] {3, spec.inChannels(), 7, 9});
        }
    }

    /**
     * 3x3 stride-1 depthwise, the shape the vector family serves straight from the unpadded plane
     * with zero padding (other modes still pad a copy): widths around the vector lengths and the
     * 56 of MobileNet maps, heights 1..5 and 10 (blocks of 4 rows), zero padding symmetric, asymmetric and dilated, every
     * other mode, channel multipliers 1 and 2, bias on and off, batch 2; split over 3 tasks too.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void depthwise3x3OnEveryWidthAndHeight(Kernels kernels) {
        PaddingMode[] others = {PaddingMode.REFLECT, PaddingMode.REPLICATE, PaddingMode.CIRCULAR};
        int n = 0;
        for (int w : new int[] {1, 7, 15, 16, 17, 31, 40, 56, 57, 100}) {
            for (int h : new int[] {1, 2, 3, 4, 5, 10}) {
                List<Conv2dSpec> specs = new java.util.ArrayList<>(List.of(
                        Conv2dSpec.builder(3, 3, 3).groups(3).padding(1).build(),
                        Conv2dSpec.builder(3, 6, 3).groups(3).dilation(2).padding(2).bias(false).build(),
                        Conv2dSpec.builder(3, 3, 3).groups(3)
                                .padding(new Padding(2, 0), new Padding(0, 2)).bias(h % 2 == 0).build()));
                if (h > 1 && w > 1) {
                    specs.add(Conv2dSpec.builder(3, 6, 3).groups(3).padding(1)
                            .paddingMode(others[n++ % others.length]).build());
                }
                for (Conv2dSpec spec : specs) {
                    int[] shape = {2, 3, h, w};
                    comparePaths(spec, kernels, Conv2d.Path.DEPTHWISE, shape);
                    TestData data = new TestData(n);
                    Tensor wt = data.gaussian(spec.weightShape());
                    Tensor b = spec.bias() ? data.gaussian(spec.outChannels()) : null;
                    Tensor x = data.gaussian(shape);
                    Conv2d single = new Conv2d(spec, wt, b, kernels);
                    assertArrayEquals(single.forward(x).data(), single.withParallelism(ConvParallelism.always(3, java.util.concurrent.ForkJoinPool.commonPool())).forward(x).data(),
                            spec + " " + h + "x" + w + " over 3 tasks");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void conv1dTakesThePointwiseAndDepthwisePaths(Kernels kernels) {
        Conv1dSpec pointwise = Conv1dSpec.builder(16, 16, 1).build();
        Conv1dSpec depthwise = Conv1dSpec.builder(4, 8, 3).groups(4).dilation(8).causal()
                .paddingMode(PaddingMode.REPLICATE).build();
        Conv1dSpec plain = Conv1dSpec.builder(4, 8, 3).causal().build();
        TestData data = new TestData(11);
        for (Conv1dSpec spec : List.of(pointwise, depthwise, plain)) {
            Tensor w = data.sixteenths(spec.weightShape());
            Tensor b = data.sixteenths(spec.outChannels());
            Tensor x = data.sixteenths(3, spec.inChannels(), 40);
            Conv1d chosen = new Conv1d(spec, w, b, kernels);
            Conv1d general = new Conv1d(spec, w, b, kernels, Conv2d.Path.GENERAL);
            Tensor y = chosen.forward(x);
            assertArrayEquals(general.forward(x).data(), y.data(), spec.toString());
            ConvAssertions.assertExact(NaiveConv.conv1d(spec, x, w, b), y, spec.toString());
        }
        assertEquals(Conv2d.Path.POINTWISE, new Conv1d(pointwise, Tensor.zeros(pointwise.weightShape()),
                Tensor.zeros(16), kernels).path());
        assertEquals(Conv2d.Path.DEPTHWISE, new Conv1d(depthwise, Tensor.zeros(depthwise.weightShape()),
                Tensor.zeros(8), kernels).path());
        assertEquals(Conv2d.Path.SHIFTED, new Conv1d(plain, Tensor.zeros(plain.weightShape()),
                Tensor.zeros(8), kernels).path());
        Conv1dSpec strided = Conv1dSpec.builder(4, 8, 3).stride(2).build();
        assertEquals(Conv2d.Path.GENERAL, new Conv1d(strided, Tensor.zeros(strided.weightShape()),
                Tensor.zeros(8), kernels).path());
    }

    static List<Conv2dSpec> shifted2d() {
        return List.of(
                Conv2dSpec.builder(3, 5, 3).padding(1).build(),
                Conv2dSpec.builder(4, 6, 3, 2).dilation(2, 1).groups(2)
                        .padding(new Padding(2, 1), new Padding(0, 3)).paddingMode(PaddingMode.REFLECT).build(),
                Conv2dSpec.builder(2, 4, 5).same().paddingMode(PaddingMode.CIRCULAR).bias(false).build(),
                Conv2dSpec.builder(3, 2, 2, 3).paddingMode(PaddingMode.REPLICATE).padding(1).build(),
                Conv2dSpec.builder(3, 9, 3, 1).padding(1, 0).build(), // no horizontal halo: straight into the output
                Conv2dSpec.builder(5, 3, 1).padding(1).build(),       // 1x1 with padding
                Conv2dSpec.builder(2, 3, 3).dilation(3).build());     // valid, dilated
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void stride1TakesTheShiftedPathAndEqualsTheGeneralPath(Kernels kernels) {
        for (Conv2dSpec spec : shifted2d()) {
            assertEquals(Conv2d.Path.SHIFTED, layer(spec, kernels, null).path(), spec.toString());
            comparePaths(spec, kernels, Conv2d.Path.SHIFTED, new int[] {3, spec.inChannels(), 11, 13});
            comparePaths(spec, kernels, Conv2d.Path.SHIFTED, new int[] {1, spec.inChannels(), 7, 40});
        }
    }

    /** Budgets from one value up: bands of a few rows, single rows cut into segments, and halos wider than a segment. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void shiftedPathTilesToItsBudget(Kernels kernels) {
        TestData data = new TestData(5);
        for (Conv2dSpec spec : shifted2d()) {
            Tensor w = data.sixteenths(spec.weightShape());
            Tensor b = spec.bias() ? data.sixteenths(spec.outChannels()) : null;
            Tensor x = data.sixteenths(2, spec.inChannels(), 9, 23);
            Tensor expected = new Conv2d(spec, w, b, kernels, Conv2d.Path.GENERAL).forward(x);
            for (int budget : new int[] {1, 40, 300, 2_000, 1 << 20}) {
                Tensor y = new Conv2d(spec, w, b, kernels, Conv2d.Path.SHIFTED, budget).forward(x);
                assertArrayEquals(expected.data(), y.data(), spec + " budget " + budget);
            }
        }
        Conv1dSpec dilated = Conv1dSpec.builder(3, 4, 3).dilation(64).causal().build();
        Tensor w = data.sixteenths(dilated.weightShape());
        Tensor b = data.sixteenths(4);
        Tensor x = data.sixteenths(2, 3, 300);
        Tensor expected = new Conv1d(dilated, w, b, kernels, Conv2d.Path.GENERAL).forward(x);
        ConvAssertions.assertExact(NaiveConv.conv1d(dilated, x, w, b), expected, dilated.toString());
        for (int budget : new int[] {1, 500, 1000, 1 << 20}) {
            Conv2dSpec plane = Conv2dSpec.builder(3, 4, 1, 3).dilation(1, 64).padding(new Padding(0, 0), new Padding(128, 0)).build();
            Tensor y = new Conv2d(plane, w.reshape(4, 3, 1, 3), b, kernels, Conv2d.Path.SHIFTED, budget)
                    .forward(x.reshape(2, 3, 1, 300));
            assertArrayEquals(expected.data(), y.data(), "1D, budget " + budget);
        }
    }

    /**
     * A single output row reads the columns whose windows lie inside the input in place, and pads
     * a copy only for the columns at its ends: bit for bit the general path's result on Gaussian
     * data (every padding mode; causal, centred and asymmetric; lengths shorter than the halo to
     * longer than a GEMM column block; batch 2, groups; whole, split over 3 tasks, and in small
     * segments), and close to the reference.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void oneRowReadsTheInsideOfItsInputInPlace(Kernels kernels) {
        TestData data = new TestData(9);
        List<Conv1dSpec> specs = List.of(
                Conv1dSpec.builder(4, 6, 3).dilation(64).causal().build(),
                Conv1dSpec.builder(4, 6, 5).dilation(3).same().paddingMode(PaddingMode.REFLECT).groups(2).build(),
                Conv1dSpec.builder(3, 5, 4).padding(2, 1).paddingMode(PaddingMode.REPLICATE).bias(false).build(),
                Conv1dSpec.builder(2, 3, 7).same().paddingMode(PaddingMode.CIRCULAR).build(),
                Conv1dSpec.builder(3, 4, 3).padding(0, 2).build());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (Conv1dSpec spec : specs) {
                for (int length : new int[] {13, 130, 700}) {
                    Tensor w = data.gaussian(spec.weightShape());
                    Tensor b = spec.bias() ? data.gaussian(spec.outChannels()) : null;
                    Tensor x = data.gaussian(2, spec.inChannels(), length);
                    String at = spec + " length " + length;
                    Tensor expected = new Conv1d(spec, w, b, kernels, Conv2d.Path.GENERAL).forward(x);
                    Conv1d shifted = new Conv1d(spec, w, b, kernels, Conv2d.Path.SHIFTED);
                    assertEquals(Conv2d.Path.SHIFTED, shifted.path(), at);
                    assertArrayEquals(expected.data(), shifted.forward(x).data(), at);
                    assertArrayEquals(expected.data(),
                            shifted.withParallelism(ConvParallelism.always(3, pool)).forward(x).data(), at + ", 3 tasks");
                    assertArrayEquals(expected.data(),
                            new Conv1d(spec, w, b, kernels, Conv2d.Path.SHIFTED, 200).forward(x).data(), at + ", budget 200");
                    NaiveConv.Result magnitude = NaiveConv.conv1d(spec, TestData.abs(x), TestData.abs(w),
                            b == null ? null : TestData.abs(b));
                    ConvAssertions.assertClose(NaiveConv.conv1d(spec, x, w, b), magnitude, expected, at);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    /** A wide kernel on a narrow image would compute mostly dropped columns: the general path runs instead, same result. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void shiftedPathFallsBackWhereMostColumnsWouldBeDropped(Kernels kernels) {
        assertTrue(ShiftedTiles.pays(1, 3, 100), "one row has no dropped columns");
        assertTrue(ShiftedTiles.pays(56, 56, 2));
        assertTrue(!ShiftedTiles.pays(8, 8, 6), "6 of 14 columns dropped");
        Conv2dSpec wide = Conv2dSpec.builder(2, 3, 3, 7).padding(1, 3).build();
        comparePaths(wide, kernels, Conv2d.Path.SHIFTED, new int[] {2, 2, 6, 5});
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void strideOrPaddingTakeA1x1ConvolutionOffThePointwisePath(Kernels kernels) {
        Conv2dSpec strided = Conv2dSpec.builder(3, 4, 1).stride(2).build();
        Conv2dSpec padded = Conv2dSpec.builder(3, 4, 1).padding(1).build();
        assertEquals(Conv2d.Path.GENERAL, layer(strided, kernels, null).path());
        assertEquals(Conv2d.Path.SHIFTED, layer(padded, kernels, null).path());
        IllegalArgumentException shifted = assertThrows(IllegalArgumentException.class,
                () -> layer(strided, kernels, Conv2d.Path.SHIFTED));
        assertTrue(shifted.getMessage().contains("shifted path needs stride 1, found stride 2"), shifted.getMessage());
        for (Conv2dSpec spec : List.of(strided, padded)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> layer(spec, kernels, Conv2d.Path.POINTWISE));
            assertTrue(e.getMessage().contains("pointwise path needs a 1x1 kernel, stride 1 and no padding"),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layer(Conv2dSpec.builder(4, 4, 3).groups(2).build(), kernels, Conv2d.Path.DEPTHWISE));
        assertTrue(e.getMessage().contains("groups == in_channels, found groups 2 and in_channels 4"), e.getMessage());
    }

    private static Conv2d layer(Conv2dSpec spec, Kernels kernels, Conv2d.Path path) {
        return new Conv2d(spec, Tensor.zeros(spec.weightShape()), spec.bias() ? Tensor.zeros(spec.outChannels()) : null,
                kernels, path);
    }

    /** Special path vs forced general path: exact on sixteenths, both close to the reference on Gaussians. */
    private static void comparePaths(Conv2dSpec spec, Kernels kernels, Conv2d.Path special, int[] inputShape) {
        TestData data = new TestData(spec.hashCode());
        Tensor w = data.sixteenths(spec.weightShape());
        Tensor b = spec.bias() ? data.sixteenths(spec.outChannels()) : null;
        Tensor x = data.sixteenths(inputShape);
        Tensor fast = new Conv2d(spec, w, b, kernels, special).forward(x);
        Tensor general = new Conv2d(spec, w, b, kernels, Conv2d.Path.GENERAL).forward(x);
        assertArrayEquals(general.shape(), fast.shape());
        assertArrayEquals(general.data(), fast.data(), spec + " " + special + " vs general");
        ConvAssertions.assertExact(NaiveConv.conv2d(spec, x, w, b), fast, spec.toString());

        Tensor gw = data.gaussian(spec.weightShape());
        Tensor gb = spec.bias() ? data.gaussian(spec.outChannels()) : null;
        Tensor gx = data.gaussian(inputShape);
        NaiveConv.Result ref = NaiveConv.conv2d(spec, gx, gw, gb);
        NaiveConv.Result magnitude = NaiveConv.conv2d(spec, TestData.abs(gx), TestData.abs(gw), TestData.abs(gb));
        ConvAssertions.assertClose(ref, magnitude, new Conv2d(spec, gw, gb, kernels, special).forward(gx),
                spec + " " + special);
        ConvAssertions.assertClose(ref, magnitude, new Conv2d(spec, gw, gb, kernels, Conv2d.Path.GENERAL).forward(gx),
                spec + " general");
    }
}
