package dev.convstream.model;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamActivations;
import dev.convstream.testing.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The A1 standard shape with NAM core's fast tanh: the shape whose layers run the fused steps of
 * {@link WaveNetStack} (the dilated conv with its one-row input mixin in one kernel call, the
 * fast tanh and the head-sum add in one pass) on 16- and 8-channel arrays, i.e. on the vector
 * family's full 4-row tiles, not only on the small models of {@link WaveNetTest}.
 */
class WaveNetFusedLayerTest {

    private static final WaveNetConfig EXACT = WaveNetConfig.a1Standard();
    private static final WaveNetConfig FAST = EXACT.mapActivations(NamActivations::withFastTanh);

    private static float[] weights(long seed) {
        Random r = new Random(seed);
        float[] w = new float[(int) FAST.weightCount()];
        for (int i = 0; i < w.length; i++) {
            // large enough that the layers' tanh inputs reach the range where fast and exact differ
            w[i] = (r.nextFloat() - 0.5f) * 0.6f;
        }
        return w;
    }

    /**
     * Against the naive double-precision WaveNet with NAM core's fast-tanh formula (tolerance as
     * {@link WaveNetTest#assertClose}: 1e-5 of peak; float rounding of 20 layers of depth 48
     * stays well below it), and far from the exact-tanh reference, so the fast tanh did run.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void fastTanhA1MatchesTheNaiveReference(Kernels kernels) {
        float[] w = weights(31);
        float[] x = TestData.tones(7, 2500);
        double[] expected = WaveNetTest.reference(FAST, w, x);
        StreamingModel model = new WaveNet(FAST, w, kernels);
        model.prepare(128);
        float[] y64 = WaveNetTest.stream(model, x, 64);
        WaveNetTest.assertClose(expected, y64, kernels.name() + " blocks of 64");
        WaveNetTest.assertClose(expected, WaveNetTest.stream(model, x, 97), kernels.name() + " blocks of 97");
        double[] exact = WaveNetTest.reference(EXACT, w, x);
        double peak = 0;
        double diff = 0;
        for (int t = 0; t < x.length; t++) {
            peak = Math.max(peak, Math.abs(exact[t]));
            diff = Math.max(diff, Math.abs(exact[t] - y64[t]));
        }
        assertTrue(diff > 1e-4 * peak, "fast and exact tanh gave nearly the same output (" + diff + " of peak "
                + peak + "): the test would not see which one ran");
    }

    /** Full tiles (64, 128), pulled-back vectors and scalar tails (1, 97) give the same bits. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void fastTanhA1StreamsBitIdenticallyInAnyBlocks(Kernels kernels) {
        float[] w = weights(37);
        float[] x = TestData.tones(9, 6000);
        StreamingModel model = new WaveNet(FAST, w, kernels);
        model.prepare(4096);
        float[] offline = model.processOffline(x);
        for (int block : new int[] {1, 64, 97, 128, 4096}) {
            assertArrayEquals(offline, WaveNetTest.stream(model, x, block), kernels.name() + " blocks of " + block);
        }
    }
}
