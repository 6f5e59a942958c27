package dev.convstream.fir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convstream.testing.KernelFamilies;
import dev.convstream.kernel.FirPlan;
import dev.convstream.kernel.Kernels;
import dev.convstream.testing.AllocationMeter;
import dev.convstream.testing.NaiveConv;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The zero-latency partitioned convolution against naive direct convolution in double. */
class ZeroLatencyConvolverTest {

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    private static void check(int taps, int partition, int block) {
        float[] h = random(taps, taps);
        float[] x = random(3 * taps + 100, 7);
        ZeroLatencyConvolver conv = new ZeroLatencyConvolver(new PartitionedResponse(h, partition), Kernels.scalar());
        conv.prepare(block);
        float[] y = new float[x.length];
        for (int pos = 0; pos < x.length; pos += block) {
            conv.process(x, pos, y, pos, Math.min(block, x.length - pos));
        }
        double[] ref = NaiveConv.fir(h, x);
        double l1 = 0;
        for (float v : h) {
            l1 += Math.abs(v);
        }
        // float32 sums and FFTs of size <= 1024: well within 2e-6 of the sum of |terms|
        double tol = 2e-6 * l1;
        for (int i = 0; i < x.length; i++) {
            if (!(Math.abs(ref[i] - y[i]) <= tol)) {
                fail("taps " + taps + " P " + partition + " block " + block + ": frame " + i + " expected "
                        + ref[i] + " found " + y[i] + " (tolerance " + tol + ")");
            }
        }
    }

    @Test
    void headOnlyResponseEqualsDirectConvolution() {
        check(31, 32, 7);
    }

    @Test
    void responseWithATailEqualsDirectConvolutionWhateverTheBlock() {
        for (int block : new int[] {1, 13, 64, 100, 300}) {
            check(1000, 64, block);
        }
    }

    @Test
    void tailEndingExactlyAtAPartitionBoundary() {
        check(64 * 5, 64, 50);
    }

    @Test
    void partitionGrowsWithTheSquareRootOfTheLengthWithinBounds() {
        FirPlan plan = new FirPlan(96, 2.0, 64, 512);
        assertEquals(32, plan.partitionFor(31), "short: all head, next power of two");
        assertEquals(128, plan.partitionFor(96), "at the crossover: still all head");
        assertEquals(64, plan.partitionFor(97), "past it: head of 64 + one tail partition");
        assertEquals(256, plan.partitionFor(20_000));
        assertEquals(512, plan.partitionFor(96_000));
        assertEquals(512, plan.partitionFor(10_000_000), "capped at the largest partition");
    }

    /** Each family cuts a response by its own plan: the vector head is cheap enough to run 1,024 taps directly. */
    @Test
    void eachFamilyCutsByItsOwnPlan() {
        assertEquals(128, PartitionedResponse.of(random(128, 1), Kernels.scalar()).partition());
        assertEquals(0, PartitionedResponse.of(random(128, 1), Kernels.scalar()).tailPartitions());
        // The scalar floor is 32, not 64: a 32-tap head is the faster cut just past the crossover
        // (BENCHMARKS.md, "The scalar family's FIR crossover, re-measured"); 1,279 taps take 64.
        assertEquals(32, PartitionedResponse.of(random(129, 1), Kernels.scalar()).partition());
        assertEquals(64, PartitionedResponse.of(random(1279, 1), Kernels.scalar()).partition());
        assertEquals(512, PartitionedResponse.of(random(96_000, 1), Kernels.scalar()).partition());
        dev.convstream.testing.KernelFamilies.assumeVectorApi();
        assertEquals(0, PartitionedResponse.of(random(1024, 1), Kernels.vector()).tailPartitions());
        assertEquals(128, PartitionedResponse.of(random(1279, 1), Kernels.vector()).partition());
        assertEquals(1024, PartitionedResponse.of(random(96_000, 1), Kernels.vector()).partition());
    }

    /**
     * In place, with a bias, blocks of mixed sizes: equal to the naive convolution plus the
     * bias. Tolerance {@code 1e-6 * (||h||_1 * max|x| + |bias|)}: the float32 head's rounding
     * (about 6e-8 of the sum of |terms| per add, under 1e-6 for 64 adds) dominates, the
     * double-precision tail adds ~1e-15; one tap off moves an output by ~1e-1.
     */
    @Test
    void inPlaceWithBiasEqualsDirectConvolutionPlusBias() {
        float[] h = random(777, 3);
        float[] x = random(5000, 4);
        float bias = 0.25f;
        for (Kernels kernels : KernelFamilies.list()) {
            ZeroLatencyConvolver conv = new ZeroLatencyConvolver(PartitionedResponse.of(h, kernels), bias, kernels);
            conv.prepare(511);
            float[] y = x.clone();
            int[] blocks = {1, 7, 64, 511, 300, 2};
            for (int pos = 0, b = 0; pos < y.length; b++) {
                int n = Math.min(blocks[b % blocks.length], y.length - pos);
                conv.process(y, pos, y, pos, n);
                pos += n;
            }
            double[] ref = NaiveConv.fir(h, x);
            double l1 = 0;
            for (float v : h) {
                l1 += Math.abs(v);
            }
            double tol = 1e-6 * (l1 + bias);
            for (int i = 0; i < x.length; i++) {
                if (!(Math.abs(ref[i] + bias - y[i]) <= tol)) {
                    fail(kernels + ": frame " + i + " expected " + (ref[i] + bias) + " found " + y[i]
                            + " (tolerance " + tol + ")");
                }
            }
        }
    }

    @Test
    @Tag("allocation")
    void processAllocatesNothingWithAndWithoutATail() {
        AllocationMeter meter = new AllocationMeter();
        for (int taps : new int[] {50, 3000}) {
            ZeroLatencyConvolver conv = new ZeroLatencyConvolver(PartitionedResponse.of(random(taps, 1), Kernels.scalar()),
                    Kernels.scalar());
            conv.prepare(256);
            float[] x = random(256, 2);
            float[] y = new float[256];
            int[] blocks = {256, 1, 7, 64, 255, 100};
            Runnable work = () -> {
                for (int n : blocks) {
                    conv.process(x, 0, y, 0, n);
                }
                conv.reset();
            };
            long bytes = meter.allocatedOnceWarm(() -> {
                for (int i = 0; i < 200; i++) {
                    work.run();
                }
            }, work, 5);
            assertEquals(0, bytes, "bytes allocated by process/reset with " + taps + " taps");
        }
    }

    @Test
    void blockLargerThanPreparedIsRefused() {
        ZeroLatencyConvolver conv = new ZeroLatencyConvolver(PartitionedResponse.of(random(200, 1), Kernels.scalar()), Kernels.scalar());
        conv.prepare(64);
        assertThrows(IllegalArgumentException.class, () -> conv.process(new float[65], 0, new float[65], 0, 65));
    }
}
