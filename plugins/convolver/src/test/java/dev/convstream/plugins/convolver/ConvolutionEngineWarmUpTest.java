package dev.convstream.plugins.convolver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.fir.PartitionedResponse;
import dev.convstream.fir.ZeroLatencyConvolver;
import dev.convstream.kernel.Kernels;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.WarmUp;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The convolver's warm-up ends because the speed settled, not because its budget ran out, also
 * for host blocks shorter than the response's partition, where some blocks run the tail's FFT
 * and most do not. Timing pairs of blocks never settled at 48 frames against the Vector API
 * family's 128-sample partition (1 us or 5 us a pair): every live start waited its whole budget.
 */
class ConvolutionEngineWarmUpTest {

    /** Far above what settling takes (well under a second here), so a run that hits it failed to settle. */
    private static final WarmUp GENEROUS = new WarmUp(48_000, 30_000_000_000L);

    static Stream<Arguments> familiesAndBlocks() {
        return Stream.of(Kernels.preferred(), Kernels.scalar())
                .flatMap(k -> Stream.of(1, 48, 100, 256).map(b -> Arguments.of(k, b)));
    }

    @ParameterizedTest(name = "{0}, blocks of {1}")
    @MethodSource("familiesAndBlocks")
    void aCabinetResponseSettlesAtAnyBlockSize(Kernels kernels, int block) {
        float[] taps = new float[1_279]; // a cabinet IR: over both families' direct crossover, so it has an FFT tail
        Random r = new Random(7);
        for (int i = 0; i < taps.length; i++) {
            taps[i] = (float) (r.nextGaussian() * Math.exp(-i / 200.0));
        }
        PartitionedResponse response = PartitionedResponse.of(taps, kernels);
        assertTrue(response.tailPartitions() > 0, "the case under test: a response with an FFT tail");
        ZeroLatencyConvolver conv = new ZeroLatencyConvolver(response, kernels);
        conv.prepare(block);
        assertTrue(ConvolutionEngine.warm(conv, new ProcessSpec(48_000, block, 1), GENEROUS),
                "the warm-up ran its 30 s budget without the speed settling");
    }
}
