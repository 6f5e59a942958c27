package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.Kernels;
import dev.convstream.testing.KernelFamilies;
import dev.convstream.testing.NamDocuments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector family folds each layer's input mixin into its dilated conv (the condition as extra
 * input rows read by the newest tap only); the scalar family keeps them apart, in the trainable
 * forward pass's order. On random shapes (odd channel counts, 1-3 condition rows, kernels 1-3,
 * odd dilations, gated and not), the folded stack must match the unfolded one within NAM core's
 * tolerance (1e-5 of the output's peak: the fold only moves one product of each sum from after
 * the bias to before it, a rounding of 2^-24 relative per layer) and give the same bits for
 * blocks of 1, 7, 64 and 511.
 */
class WaveNetMixinFoldTest {

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(1, new int[] {3, 1}, 3, new int[] {1, 3, 7}, false, 1L),
                Arguments.of(1, new int[] {5, 7}, 2, new int[] {5, 2}, true, 2L),
                Arguments.of(2, new int[] {7, 3}, 3, new int[] {1, 9, 4}, false, 3L),
                Arguments.of(3, new int[] {16, 5}, 1, new int[] {1, 1}, true, 4L),
                Arguments.of(1, new int[] {16, 8}, 3, new int[] {1, 2, 4, 8, 16, 32, 64, 128, 256, 512}, false, 5L));
    }

    @ParameterizedTest(name = "condition {0}, channels {1}, kernel {2}, dilations {3}, gated {4}")
    @MethodSource("shapes")
    void foldedMatchesUnfoldedAndDoesNotDependOnTheBlock(int conditionRows, int[] channels, int kernel, int[] dilations,
                                                        boolean gated, long seed) {
        Kernels vector = KernelFamilies.vector();
        ActivationFunction tanh = ActivationFunction.tanh();
        WaveNetConfig config = new WaveNetConfig(conditionRows, List.of(
                new LayerArrayConfig(conditionRows, conditionRows, channels[1], channels[0], kernel, dilations, tanh,
                        gated, false),
                new LayerArrayConfig(channels[0], conditionRows, 1, channels[1], kernel, dilations, tanh, gated,
                        true)),
                null, 0.3f, null);
        float[] weights = NamDocuments.weights(config, new Random(seed));
        int frames = 3000;
        float[] x = new float[conditionRows * frames];
        Random r = new Random(seed + 100);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.8 * Math.sin(0.013 * (i % frames) * (1 + i / frames)) + 0.1 * r.nextGaussian());
        }
        WaveNetStack unfolded = new WaveNetStack(config, weights, Kernels.scalar());
        WaveNetStack folded = new WaveNetStack(config, weights, vector);
        assertEquals(0, unfolded.foldedMixins(), "the scalar family keeps the mixin apart");
        assertEquals(2 * dilations.length, folded.foldedMixins(), "the vector family folds every layer's mixin");

        float[] expected = run(unfolded, x, frames, 64);
        double peak = 0;
        for (float v : expected) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertTrue(peak > 1e-4, "the output is (nearly) silent, the comparison would prove nothing");
        float[] first = null;
        for (int block : new int[] {1, 7, 64, 511}) {
            float[] y = run(folded, x, frames, block);
            for (int t = 0; t < frames; t++) {
                if (Math.abs(y[t] - expected[t]) > 1e-5 * peak) {
                    throw new AssertionError("blocks of " + block + ", sample " + t + ": folded " + y[t]
                            + ", unfolded " + expected[t] + " (peak " + peak + ")");
                }
            }
            if (first == null) {
                first = y;
            } else {
                assertArrayEquals(first, y, "folded, blocks of " + block + " against blocks of 1");
            }
        }
    }

    /** The stack's one output row over {@code x} ({@code [rows][frames]}), in blocks of {@code block}, from its reset state. */
    private static float[] run(WaveNetStack stack, float[] x, int frames, int block) {
        stack.prepare(block);
        float[] y = new float[frames];
        for (int t = 0; t < frames; t += block) {
            int n = Math.min(block, frames - t);
            float[] out = stack.compute(x, t, frames, n, false);
            System.arraycopy(out, 0, y, t, n);
        }
        return y;
    }
}
