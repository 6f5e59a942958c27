package dev.convstream.model;

import dev.convstream.kernel.Depthwise;
import dev.convstream.kernel.ElementwiseMath;
import dev.convstream.kernel.FirPlan;
import dev.convstream.kernel.Gemm;
import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.RowDots;
import dev.convstream.kernel.SmallLstm;
import dev.convstream.kernel.StreamingConvKernel;
import dev.convstream.kernel.TransposedScatter;
import dev.convstream.kernel.Winograd;
import dev.convstream.model.nam.NamActivations;
import dev.convstream.testing.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * The fused layers (the conv and its mixin in one kernel call) give, bit for bit, what the
     * same family gives with the mixin as a 1x1 call of its own accumulating onto the conv's
     * output (WaveNet before that fusion), streamed in blocks of 1, 64 and 97 from its prewarmed
     * state: the fusion changes no output of the A1 shape, on top of the kernel-level check of
     * {@code StreamingConvKernelTest.convWithMixinIsTheConvThenTheMixinBitForBit}. The fused model's
     * layers all take {@code WaveNetStack}'s plain step and the other's none (its conv and mixin
     * cannot be one call), so this is also the plain step against the general one.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void fusedLayersGiveTheBitsOfOneCallPerStep(Kernels kernels) {
        float[] w = weights(41);
        float[] x = TestData.tones(11, 3000);
        Kernels stepwise = new OneCallPerStep(kernels);
        for (int block : new int[] {1, 64, 97}) {
            WaveNet fused = new WaveNet(FAST, w, kernels);
            fused.prepare(block);
            WaveNet steps = new WaveNet(FAST, w, stepwise);
            steps.prepare(block);
            assertEquals(20, fused.plainLayers(), "A1 standard's layers taking the plain step");
            assertEquals(0, steps.plainLayers(), "layers taking the plain step with nothing fused");
            assertArrayEquals(WaveNetTest.stream(steps, x, block), WaveNetTest.stream(fused, x, block),
                    kernels.name() + " blocks of " + block);
        }
    }

    /**
     * A family's kernels with nothing fused: every conv gets a kernel instance of its own, so a
     * WaveNet layer's conv and mixin never share one, which is what lets {@link Conv} fuse them.
     */
    private record OneCallPerStep(Kernels family) implements Kernels {
        @Override
        public String name() {
            return family.name() + " (one call per step)";
        }

        @Override
        public Gemm gemm() {
            return family.gemm();
        }

        @Override
        public Depthwise depthwise() {
            return family.depthwise();
        }

        @Override
        public ElementwiseMath math() {
            return family.math();
        }

        @Override
        public StreamingConvKernel streamingConv() {
            return new Unfused(family.streamingConv());
        }

        @Override
        public TransposedScatter transposedScatter() {
            return family.transposedScatter();
        }

        @Override
        public RowDots rowDots() {
            return family.rowDots();
        }

        @Override
        public FirPlan firPlan() {
            return family.firPlan();
        }

        @Override
        public SmallLstm smallLstm() {
            return family.smallLstm();
        }

        @Override
        public Winograd winograd() {
            return family.winograd();
        }
    }

    private record Unfused(StreamingConvKernel kernel) implements StreamingConvKernel {
        @Override
        public void correlate(int cout, int cin, int k, int dilation, float[] w, int wOff, float[] bias, int bOff,
                              float[] x, int xOff, int xStride, float[] base, int baseOff, int baseStride,
                              float[] y, int yOff, int yStride, int n) {
            kernel.correlate(cout, cin, k, dilation, w, wOff, bias, bOff, x, xOff, xStride, base, baseOff,
                    baseStride, y, yOff, yStride, n);
        }

        @Override
        public StreamingConvKernel forOutputs(int cout) {
            return new Unfused(kernel.forOutputs(cout));
        }

        @Override
        public StreamingConvKernel forShape(int cout, int k, int dilation) {
            return new Unfused(kernel.forShape(cout, k, dilation));
        }
    }
}
