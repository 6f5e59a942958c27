package dev.convstream.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.ConvTranspose2dSpec;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.TestData;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code withParallelism(n)} gives the bits of one task on Gaussian data, where sums are
 * rounded (unlike ConvParallelismTest's exact sixteenths), with a summation depth above the
 * vector GEMM's depth block of 256, where a split that changed which outputs fall in edge
 * tiles once changed their rounding (up to ~10 ulp). Every layer with parallelism, every path,
 * both families.
 */
class ParallelDeterminismTest {
    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    private static final int[] TASKS = {2, 3, 4, 7};

    private static void assertBitIdentical(Tensor expected, Tensor actual, String what) {
        float[] e = expected.data();
        float[] a = actual.data();
        assertEquals(e.length, a.length, what);
        int differ = 0;
        int first = -1;
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(a[i])) {
                differ++;
                first = first < 0 ? i : first;
            }
        }
        assertEquals(0, differ, what + ": " + differ + " of " + e.length + " outputs differ, first at " + first
                + (first < 0 ? "" : " (" + e[first] + " vs " + a[first] + ")"));
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void conv2dEveryPathAboveTheDepthBlock(Kernels kernels) {
        TestData data = new TestData(31);
        record Case(Conv2dSpec spec, Conv2d.Path path, int h, int w) {
        }
        Case[] cases = {
            new Case(Conv2dSpec.builder(40, 19, 3).padding(1).build(), Conv2d.Path.SHIFTED, 21, 23),  // depth 360
            new Case(Conv2dSpec.builder(40, 19, 3).padding(1).build(), Conv2d.Path.GENERAL, 21, 23),
            new Case(Conv2dSpec.builder(40, 9, 1, 7).build(), Conv2d.Path.GENERAL, 1, 400),      // 1D: by columns
            new Case(Conv2dSpec.builder(300, 13, 1).build(), Conv2d.Path.POINTWISE, 9, 31),            // depth 300
            new Case(Conv2dSpec.builder(12, 12, 5).groups(12).padding(2).build(), Conv2d.Path.DEPTHWISE, 30, 41),
        };
        for (Case c : cases) {
            Tensor w = data.gaussian(c.spec.weightShape());
            Tensor b = data.gaussian(c.spec.outChannels());
            Tensor x = data.gaussian(2, c.spec.inChannels(), c.h, c.w);
            Conv2d single = new Conv2d(c.spec, w, b, kernels, c.path);
            Tensor expected = single.forward(x);
            for (int tasks : TASKS) {
                assertBitIdentical(expected, single.withParallelism(ConvParallelism.always(tasks, pool)).forward(x),
                        kernels.name() + " " + c.path + " " + c.spec + " tasks " + tasks);
            }
        }
    }

    /** The case: 64 -> 64, 3x3 on 56x56 (depth 576). */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void conv2dResNetLayer(Kernels kernels) {
        TestData data = new TestData(32);
        Conv2dSpec spec = Conv2dSpec.builder(64, 64, 3).padding(1).build();
        Conv2d single = new Conv2d(spec, data.gaussian(spec.weightShape()), data.gaussian(64), kernels);
        Tensor x = data.gaussian(1, 64, 56, 56);
        Tensor expected = single.forward(x);
        for (int tasks : new int[] {2, 3}) {
            assertBitIdentical(expected, single.withParallelism(ConvParallelism.always(tasks, pool)).forward(x), kernels.name() + " tasks " + tasks);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void conv1dAboveTheDepthBlock(Kernels kernels) {
        TestData data = new TestData(33);
        Conv1dSpec spec = Conv1dSpec.builder(48, 20, 7).dilation(2).causal().build(); // depth 336
        Conv1d single = new Conv1d(spec, data.gaussian(spec.weightShape()), data.gaussian(20), kernels);
        Tensor x = data.gaussian(2, 48, 301);
        Tensor expected = single.forward(x);
        for (int tasks : TASKS) {
            assertBitIdentical(expected, single.withParallelism(ConvParallelism.always(tasks, pool)).forward(x), kernels.name() + " tasks " + tasks);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void convTranspose2dAboveTheDepthBlock(Kernels kernels) {
        TestData data = new TestData(34);
        ConvTranspose2dSpec spec = ConvTranspose2dSpec.of(300, 11, 3, 2, 1, 0, 1, 1, true); // depth 300
        Tensor w = data.gaussian(spec.weightShape());
        Tensor b = data.gaussian(11);
        Tensor x = data.gaussian(2, 300, 9, 13);
        // The default budget (one GEMM per chunk of channels) and a small one (tiles of the grid).
        for (int budget : new int[] {ColumnTiles.DEFAULT_BUDGET, 500}) {
            ConvTranspose2d single = new ConvTranspose2d(spec, w, b, kernels, budget);
            Tensor expected = single.forward(x);
            for (int tasks : TASKS) {
                assertBitIdentical(expected, single.withParallelism(ConvParallelism.always(tasks, pool)).forward(x),
                        kernels.name() + " budget " + budget + " tasks " + tasks);
            }
        }
    }
}
