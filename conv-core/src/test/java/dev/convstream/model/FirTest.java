package dev.convstream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convstream.testing.KernelFamilies;
import dev.convstream.fir.PartitionedResponse;
import dev.convstream.kernel.Kernels;
import dev.convstream.testing.AllocationMeter;
import dev.convstream.testing.NaiveConv;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NAM's Linear model streams the causal FIR of its taps, whichever path runs it: direct up to
 * the family's crossover ({@link dev.convstream.kernel.FirPlan#directMaxTaps()}: 128 scalar,
 * 1,024 vector; both sides of each are cases), direct head plus partitioned FFT tail above.
 */
class FirTest {

    private static final int[] MIXED = {1, 7, 64, 511, 300, 2, 128, 33};

    private static float[] random(int n, long seed, double amp) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (amp * (r.nextDouble() * 2 - 1));
        }
        return a;
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int taps : new int[] {3, 97, 128, 129, 300, 1024, 1025, 1279, 5000}) {
            for (Kernels k : KernelFamilies.list()) {
                for (int block : new int[] {1, 7, 64, 511, 0}) { // 0: the MIXED sizes in turn
                    out.add(Arguments.of(taps, k, block));
                }
            }
        }
        return out.stream();
    }

    /**
     * Tolerance {@code 1e-6 * ||h||_1 * max|x| + |bias| * 6e-8}: every output is a sum of
     * products whose magnitudes add up to at most {@code ||h||_1 * max|x|}. The direct taps
     * (all of them up to the crossover, 1,024 with the vector family; the first P <= 4,096
     * above) sum in float32, rounding by about 6e-8 of that bound per add and a good deal less
     * in practice (random signs, and the vector kernels keep 16 partial sums); the FFT tail runs
     * in double (~1e-15); the result is rounded to float once. Worst seen before the vector
     * crossover moved: 1.0e-7 of the bound (96 taps, all direct, scalar), 4.4e-9 at 1,279 taps;
     * so 1e-6 has a margin of 10 and still fails on one misplaced tap, which moves an output by
     * ~{@code 1/taps} of the bound.
     */
    @ParameterizedTest(name = "{0} taps {1} blocks of {2}")
    @MethodSource("cases")
    void equalsTheDirectConvolutionWhateverTheBlocks(int taps, Kernels kernels, int block) {
        float[] h = random(taps, taps, 0.5);
        float[] x = random(2 * taps + 1500, 11, 0.8);
        float bias = taps % 2 == 0 ? 0.125f : 0f;
        Fir fir = new Fir(h, taps % 2 == 0 ? bias : null, kernels);
        fir.prepare(block == 0 ? 511 : block);
        float[] y = new float[x.length];
        for (int pos = 0, b = 0; pos < x.length; b++) {
            int n = Math.min(block == 0 ? MIXED[b % MIXED.length] : block, x.length - pos);
            fir.process(x, pos, y, pos, n);
            pos += n;
        }
        double[] ref = NaiveConv.fir(h, x);
        double l1 = 0;
        for (float v : h) {
            l1 += Math.abs(v);
        }
        double tol = 1e-6 * l1 * 0.8 + Math.abs(bias) * 6e-8;
        for (int i = 0; i < x.length; i++) {
            double err = Math.abs(ref[i] + bias - y[i]);
            if (!(err <= tol)) {
                fail(taps + " taps, blocks of " + block + ": frame " + i + " expected " + (ref[i] + bias)
                        + " found " + y[i] + " (tolerance " + tol + ")");
            }
        }
    }

    @Test
    void inPlaceEqualsOutOfPlace() {
        float[] h = random(1279, 5, 0.5);
        float[] x = random(6000, 6, 0.8);
        Fir a = new Fir(h, null, Kernels.scalar());
        Fir b = new Fir(h, null, Kernels.scalar());
        a.prepare(256);
        b.prepare(256);
        float[] y = new float[x.length];
        float[] z = x.clone();
        for (int pos = 0; pos < x.length; pos += 256) {
            int n = Math.min(256, x.length - pos);
            a.process(x, pos, y, pos, n);
            b.process(z, pos, z, pos, n);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(y, z);
    }

    /** Both paths of both families: all direct (64, 1,000 taps) and head + FFT tail (1,279, 20,000). */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    @Tag("allocation")
    void processAndResetAllocateNothingOnEitherPath(Kernels kernels) {
        AllocationMeter meter = new AllocationMeter();
        for (int taps : new int[] {64, 1000, 1279, 20_000}) {
            Fir fir = new Fir(random(taps, 1, 0.5), 0.1f, kernels);
            fir.prepare(511);
            float[] x = random(511, 2, 0.8);
            float[] y = new float[511];
            Runnable work = () -> {
                for (int n : MIXED) {
                    fir.process(x, 0, y, 0, n);
                }
                fir.reset();
            };
            // Warm-up of at least 2 s and up to 200 measured windows: with other tests' code queued
            // for C2 on a loaded machine, a Vector API kernel can still run uncompiled (boxed) after
            // a count-based warm-up (seen: 12 KB per window at 64 taps, 0.5 s into a JVM that had
            // run the WaveNet tests); a real allocation in compiled code dirties every window.
            long bytes = meter.allocatedOnceWarm(() -> {
                long until = System.nanoTime() + 2_000_000_000L;
                for (int i = 0; i < 200 || System.nanoTime() < until; i++) {
                    work.run();
                }
            }, work, 200);
            assertEquals(0, bytes, kernels.name() + ": bytes allocated by process and reset, " + taps + " taps");
        }
    }
}
