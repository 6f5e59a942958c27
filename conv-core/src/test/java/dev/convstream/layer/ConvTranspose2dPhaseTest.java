package dev.convstream.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.ConvTranspose2dSpec;
import dev.convstream.spec.Padding;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.KernelFamilies;
import dev.convstream.testing.NaiveConv;
import dev.convstream.testing.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ConvTranspose2d on inputs large enough for the vector phase scatter's fast paths (stride-2
 * interleave needs rows of 32 outputs), against the naive reference: strides 1-4, kernels
 * divisible by the stride or not, paddings 0-2 (flat and not), output padding, dilation,
 * groups, batch 2, bias or none, odd sizes; one task and two. Sixteenths, so exact.
 */
class ConvTranspose2dPhaseTest {
    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    record Case(ConvTranspose2dSpec spec, int batch, int h, int w) {
        @Override
        public String toString() {
            return spec + " " + batch + "x" + h + "x" + w;
        }
    }

    static ConvTranspose2dSpec spec(int in, int out, int k, int s, int p, int op, int d, int groups, boolean bias) {
        return new ConvTranspose2dSpec(in, out, k, k, s, s, Padding.of(p), Padding.of(p), op, op, d, d, groups, bias);
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case(spec(8, 4, 4, 2, 1, 0, 1, 1, true), 1, 28, 28));    // case (f), narrower
        c.add(new Case(spec(8, 4, 4, 2, 1, 0, 1, 1, false), 2, 29, 31));
        c.add(new Case(spec(3, 5, 4, 2, 1, 1, 1, 1, true), 1, 17, 16));    // output_padding 1: odd width
        c.add(new Case(spec(4, 4, 3, 2, 1, 1, 1, 1, true), 2, 20, 33));    // k3 s2 p1 op1
        c.add(new Case(spec(4, 4, 3, 2, 1, 0, 1, 1, false), 1, 21, 33));   // k3 s2 p1
        c.add(new Case(spec(4, 3, 5, 2, 2, 1, 1, 1, true), 1, 18, 35));    // k5 s2 p2 op1
        c.add(new Case(spec(4, 6, 2, 2, 0, 0, 1, 2, true), 2, 16, 40));    // k2 s2 p0, groups 2
        c.add(new Case(spec(4, 4, 4, 2, 0, 0, 1, 1, true), 1, 16, 30));    // not flat: scalar fallback
        c.add(new Case(spec(4, 4, 4, 2, 2, 0, 1, 2, true), 1, 16, 34));    // k4 s2 p2 groups 2
        c.add(new Case(spec(3, 4, 3, 3, 0, 2, 1, 1, true), 1, 11, 13));    // stride 3
        c.add(new Case(spec(3, 4, 5, 3, 2, 1, 1, 1, false), 2, 10, 12));
        c.add(new Case(spec(2, 4, 8, 4, 2, 0, 1, 1, true), 1, 9, 10));     // stride 4
        c.add(new Case(spec(2, 4, 6, 4, 1, 3, 1, 2, true), 1, 9, 10));
        c.add(new Case(spec(4, 4, 3, 1, 1, 0, 1, 1, true), 2, 20, 37));    // stride 1: row copies
        c.add(new Case(spec(4, 4, 3, 1, 2, 0, 1, 1, true), 1, 7, 5));
        c.add(new Case(spec(4, 4, 3, 2, 2, 1, 2, 1, true), 1, 20, 33));    // dilation 2
        c.add(new Case(spec(4, 4, 4, 2, 1, 0, 1, 1, true), 1, 1, 1));      // 1x1
        c.add(new Case(spec(4, 4, 4, 2, 1, 0, 1, 1, true), 1, 1, 40));     // 1xW
        c.add(new Case(spec(4, 4, 4, 2, 1, 0, 1, 1, true), 1, 7, 5));
        c.add(new Case(spec(3, 4, 2, 3, 0, 1, 1, 1, true), 2, 10, 12));    // k2 s3: phases without taps
        c.add(new Case(spec(3, 4, 1, 2, 0, 1, 1, 1, false), 1, 9, 40));    // k1 s2
        c.add(new Case(spec(4, 4, 3, 2, 4, 0, 1, 1, true), 1, 12, 13));    // padding beyond the kernel
        c.add(new Case(spec(4, 6, 4, 2, 1, 0, 1, 2, true), 2, 5, 33));     // groups 2, batch 2, k4 s2 p1
        return c;
    }

    static Stream<Object[]> runs() {
        return KernelFamilies.both().flatMap(k -> cases().stream().map(c -> new Object[] {k, c}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void matchesTheNaiveReference(Kernels kernels, Case c) {
        TestData data = new TestData(Arrays.hashCode(new int[] {c.h(), c.w(), c.spec().kernelH()}));
        Tensor w = data.sixteenths(c.spec().weightShape());
        Tensor b = c.spec().bias() ? data.sixteenths(c.spec().outChannels()) : null;
        Tensor x = data.sixteenths(c.batch(), c.spec().inChannels(), c.h(), c.w());
        ConvTranspose2d layer = new ConvTranspose2d(c.spec(), w, b, kernels);
        Tensor y = layer.forward(x);
        ConvAssertions.assertExact(NaiveConv.convTranspose2d(c.spec(), x, w, b), y, kernels.name() + " " + c);
        Tensor dirty = Tensor.zeros(y.shape());
        Arrays.fill(dirty.data(), Float.NaN);
        layer.withParallelism(ConvParallelism.always(2, pool)).forward(x, dirty);
        assertArrayEquals(y.data(), dirty.data(), "2 tasks " + c);
        // A budget of one channel's column matrix: one GEMM + scatter per channel.
        int oneChannel = c.spec().kernelH() * c.spec().kernelW() * c.h() * c.w();
        assertArrayEquals(y.data(), new ConvTranspose2d(c.spec(), w, b, kernels, oneChannel).forward(x).data(),
                "chunks of one channel " + c);
    }

    /**
     * A layer split for 2 tasks whose call is too small to split (below
     * {@link ConvParallelism#MIN_SPLIT_MACS}) runs whole on the caller: same result as the
     * unsplit layer.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void aSplitLayerRunsASmallCallWhole(Kernels kernels) {
        ConvTranspose2dSpec spec = spec(6, 8, 4, 2, 1, 0, 1, 1, true);
        TestData data = new TestData(18);
        Tensor w = data.sixteenths(spec.weightShape());
        Tensor b = data.sixteenths(spec.outChannels());
        Tensor x = data.sixteenths(1, 6, 9, 11);
        ConvTranspose2d layer = new ConvTranspose2d(spec, w, b, kernels);
        ConvTranspose2d split = layer.withParallelism(new ConvParallelism(2, pool));
        ConvAssertions.assertExact(NaiveConv.convTranspose2d(spec, x, w, b), split.forward(x), kernels.name());
        assertArrayEquals(layer.forward(x).data(), split.forward(x).data(), kernels.name());
    }

    /**
     * One layer called on inputs of alternating sizes, unsplit and split: each part pads only
     * the input rows it reads into a buffer that held another size's layout, so a stale value
     * reaching an output would show against the reference.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void reusedBuffersOfAnotherSizeDoNotLeakIntoOutputs(Kernels kernels) {
        ConvTranspose2dSpec spec = spec(5, 6, 4, 2, 1, 0, 1, 1, true);
        TestData data = new TestData(19);
        Tensor w = data.sixteenths(spec.weightShape());
        Tensor b = data.sixteenths(spec.outChannels());
        ConvTranspose2d layer = new ConvTranspose2d(spec, w, b, kernels);
        ConvTranspose2d split = layer.withParallelism(ConvParallelism.always(2, pool));
        int[][] sizes = {{23, 31}, {9, 40}, {23, 31}, {30, 17}, {9, 40}};
        for (int[] size : sizes) {
            Tensor x = data.sixteenths(2, 5, size[0], size[1]);
            NaiveConv.Result expected = NaiveConv.convTranspose2d(spec, x, w, b);
            ConvAssertions.assertExact(expected, layer.forward(x), kernels.name() + " " + Arrays.toString(size));
            ConvAssertions.assertExact(expected, split.forward(x), kernels.name() + " split " + Arrays.toString(size));
        }
    }
}
