package dev.convstream.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.ConvTranspose2dSpec;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.NaiveConv;
import dev.convstream.testing.TestData;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Offline layers split over several tasks ({@code withParallelism}) and writing into a reused,
 * dirty output ({@code forward(input, output)}): on values that are multiples of 1/16 every
 * sum is exact, so each variant must equal the single-task {@code forward} and the naive
 * reference bit for bit, on every path (general by rows and by columns, pointwise, depthwise,
 * one input channel on the direct kernel, transposed by output channel).
 */
class ConvParallelismTest {
    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    private static Tensor dirty(int[] shape) {
        Tensor t = Tensor.zeros(shape);
        Arrays.fill(t.data(), Float.NaN);
        return t;
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void conv2dPathsSplitExactly(Kernels kernels) {
        TestData data = new TestData(21);
        Conv2dSpec[] specs = {
            Conv2dSpec.builder(5, 7, 3).padding(1).build(),                                     // general, by rows
            Conv2dSpec.builder(4, 6, 1).groups(2).build(),                                      // pointwise
            Conv2dSpec.builder(4, 8, 3).groups(4).padding(1).paddingMode(PaddingMode.REFLECT).build(), // depthwise
            Conv2dSpec.builder(3, 3, 3).groups(3).padding(1).build(),                            // depthwise, zeros
            Conv2dSpec.builder(1, 6, 3).padding(1).build(),                                     // one input channel
            Conv2dSpec.builder(1, 5, 3, 2).padding(2, 0).paddingMode(PaddingMode.CIRCULAR).bias(false).build(),
        };
        for (Conv2dSpec spec : specs) {
            Tensor w = data.sixteenths(spec.weightShape());
            Tensor b = spec.bias() ? data.sixteenths(spec.outChannels()) : null;
            Tensor x = data.sixteenths(2, spec.inChannels(), 11, 37);
            Conv2d single = new Conv2d(spec, w, b, kernels);
            if (spec.inChannels() == 1) {
                assertEquals(Conv2d.Path.DEPTHWISE, single.path(), spec.toString());
            }
            Tensor expected = single.forward(x);
            ConvAssertions.assertExact(NaiveConv.conv2d(spec, x, w, b), expected, spec.toString());
            for (int tasks : new int[] {2, 3, 7}) {
                assertArrayEquals(expected.data(), single.withParallelism(ConvParallelism.always(tasks, pool)).forward(x).data(),
                        spec + " tasks " + tasks);
            }
            Tensor out = dirty(expected.shape());
            single.withParallelism(ConvParallelism.always(2, java.util.concurrent.ForkJoinPool.commonPool())).forward(x, out);
            assertArrayEquals(expected.data(), out.data(), spec + " into a dirty output");
            Arrays.fill(out.data(), Float.NaN);
            single.forward(x, out);
            single.forward(x, out); // reused scratch and output
            assertArrayEquals(expected.data(), out.data(), spec + " reused");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void conv1dSplitsTheLengthExactly(Kernels kernels) {
        TestData data = new TestData(22);
        Conv1dSpec spec = Conv1dSpec.builder(16, 32, 3).dilation(8).causal().build();
        Tensor w = data.sixteenths(spec.weightShape());
        Tensor b = data.sixteenths(32);
        Tensor x = data.sixteenths(2, 16, 301);
        Conv1d single = new Conv1d(spec, w, b, kernels);
        Tensor expected = single.forward(x);
        ConvAssertions.assertExact(NaiveConv.conv1d(spec, x, w, b), expected, spec.toString());
        for (int tasks : new int[] {2, 5}) {
            Tensor out = dirty(expected.shape());
            single.withParallelism(ConvParallelism.always(tasks, pool)).forward(x, out);
            assertArrayEquals(expected.data(), out.data(), "tasks " + tasks);
        }
        assertThrows(IllegalArgumentException.class, () -> single.forward(x, Tensor.zeros(2, 32, 300)));
        assertThrows(IllegalArgumentException.class, () -> single.withParallelism(0));
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void convTranspose2dSplitsChannelsExactly(Kernels kernels) {
        TestData data = new TestData(23);
        ConvTranspose2dSpec[] specs = {
            ConvTranspose2dSpec.of(6, 5, 4, 2, 1, 0, 1, 1, true),
            ConvTranspose2dSpec.of(4, 6, 3, 2, 1, 1, 1, 2, false),
        };
        for (ConvTranspose2dSpec spec : specs) {
            Tensor w = data.sixteenths(spec.weightShape());
            Tensor b = spec.bias() ? data.sixteenths(spec.outChannels()) : null;
            Tensor x = data.sixteenths(2, spec.inChannels(), 7, 9);
            ConvTranspose2d single = new ConvTranspose2d(spec, w, b, kernels);
            Tensor expected = single.forward(x);
            ConvAssertions.assertExact(NaiveConv.convTranspose2d(spec, x, w, b), expected, spec.toString());
            for (int tasks : new int[] {2, 3}) {
                Tensor out = dirty(expected.shape());
                single.withParallelism(ConvParallelism.always(tasks, pool)).forward(x, out);
                assertArrayEquals(expected.data(), out.data(), spec + " tasks " + tasks);
            }
        }
    }

    /**
     * Small calls run on the caller alone: the hand-off to another thread would cost more than
     * it saves ({@link ConvParallelism#MIN_SPLIT_MACS}); calls at or above it are split. Counted
     * through the executor, which sees one hand-off per helper.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void onlyCallsOfEnoughWorkAreHandedToTheExecutor(Kernels kernels) {
        java.util.concurrent.atomic.AtomicInteger handOffs = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.Executor counting = task -> {
            handOffs.incrementAndGet();
            pool.execute(task);
        };
        TestData data = new TestData(24);
        // 16 -> 16, k 1 over 4,096 frames: 1 M multiply-adds, below the threshold
        Conv1dSpec small = Conv1dSpec.builder(16, 16, 1).build();
        Conv1d pointwise = new Conv1d(small, data.sixteenths(small.weightShape()), data.sixteenths(16), kernels);
        Tensor x = data.sixteenths(1, 16, 4096);
        Tensor expected = pointwise.forward(x);
        assertArrayEquals(expected.data(), pointwise.withParallelism(2, counting).forward(x).data());
        assertEquals(0, handOffs.get(), "hand-offs for a call of 1 M multiply-adds");
        // 16 -> 32, k 3 over 4,096 frames: 6.3 M, above
        Conv1dSpec large = Conv1dSpec.builder(16, 32, 3).causal().build();
        Conv1d conv = new Conv1d(large, data.sixteenths(large.weightShape()), data.sixteenths(32), kernels);
        expected = conv.forward(x);
        assertArrayEquals(expected.data(), conv.withParallelism(2, counting).forward(x).data());
        assertEquals(1, handOffs.get(), "hand-offs for a call of 6.3 M multiply-adds");
    }

    /**
     * Calls under {@link ConvParallelism#MIN_SPLIT_MACS} but of at least
     * {@link ConvParallelism#MIN_AWAKE_SPLIT_MACS} are split while a pool thread is awake (it has
     * just run a task and polls for the next), not when it is parked; smaller calls never are.
     */
    @Test
    void smallCallsAreSplitOnlyWhileAPoolThreadIsAwake() throws Exception {
        try (SpinningWorkers workers = new SpinningWorkers(1, Duration.ofSeconds(5), "test")) {
            ConvParallelism two = new ConvParallelism(2, workers);
            long small = ConvParallelism.MIN_AWAKE_SPLIT_MACS;
            java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
            workers.execute(ran::countDown);
            assertTrue(ran.await(30, java.util.concurrent.TimeUnit.SECONDS));
            // polling for 5 s after its task
            assertTrue(two.splits(small), "a pool thread is awake");
            assertFalse(two.splits(small - 1), "below the threshold for awake threads");
            assertTrue(two.splits(ConvParallelism.MIN_SPLIT_MACS), "at the threshold for every call");
            assertFalse(new ConvParallelism(1, workers).splits(ConvParallelism.MIN_SPLIT_MACS), "one task");
        }
        try (SpinningWorkers workers = new SpinningWorkers(1, Duration.ofMillis(1), "test")) {
            SpinningWorkersTest.awaitAllParked(workers);
            ConvParallelism two = new ConvParallelism(2, workers);
            assertFalse(two.splits(ConvParallelism.MIN_AWAKE_SPLIT_MACS), "the pool thread is parked");
            assertTrue(two.splits(ConvParallelism.MIN_SPLIT_MACS), "large calls split whatever the pool's state");
        }
    }

    /** runEach: one part per unit, each run once with the whole count; one task runs one part. */
    @Test
    void runEachRunsOnePartPerUnit() {
        java.util.Set<String> ran = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ConvParallelism.always(2, pool).runEach((part, parts) -> assertTrue(ran.add(part + "/" + parts)), 5);
        assertEquals(java.util.Set.of("0/5", "1/5", "2/5", "3/5", "4/5"), ran);
        ran.clear();
        ConvParallelism.always(2, pool).run((part, parts) -> assertTrue(ran.add(part + "/" + parts)), 5);
        assertEquals(4, ran.size(), "run caps the parts at two per task: " + ran);
        ran.clear();
        ConvParallelism.SINGLE.runEach((part, parts) -> assertTrue(ran.add(part + "/" + parts)), 5);
        assertEquals(java.util.Set.of("0/1"), ran);
    }
}
