package dev.convstream.plugins.convolver;

import dev.convstream.plugin.WarmUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convstream.kernel.Kernels;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.testing.KernelFamilies;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The convolver equals the direct (full linear) convolution computed by scipy, for a short
 * response (31 taps: direct path only) and a long one (20,000 taps: direct head + FFT tail),
 * mono and per-channel, in blocks of several sizes, on both kernel families.
 */
class ConvolverGoldenTest {

    /** Warm-up kept short: these tests check results, not JIT timing. */
    private static final WarmUp QUICK = new WarmUp(256, 20_000_000L);

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String ir : new String[] {"short_mono", "short_stereo", "long_mono", "long_stereo"}) {
            for (Kernels k : KernelFamilies.list()) {
                for (int block : new int[] {1, 37, 512}) {
                    if (block == 1 && ir.startsWith("long")) {
                        continue; // 21,499 one-frame calls are slow; conv-core's ZeroLatencyConvolverTest covers one-frame blocks with a tail
                    }
                    out.add(Arguments.of(ir, k, block));
                }
            }
        }
        return out.stream();
    }

    /**
     * Tolerance: {@code 5e-7 * ||h||_1 * max|x|}. Each output is a sum of products whose
     * magnitudes add up to at most {@code ||h||_1 * max|x|}; float32 rounds each step by at
     * most 6e-8 of that, and the FFT path's error grows with log2(FFT size) (<= 10 here) and
     * the spectrum accumulation over partitions. Measured worst: 3.9e-8 of the bound (short,
     * direct) and 3.9e-9 (long, where the bound is loose because the terms are random in sign),
     * so the tolerance has a 10x margin and still catches one wrong tap. The reference is float64.
     */
    @ParameterizedTest(name = "{0} {1} blocks of {2}")
    @MethodSource("cases")
    void equalsScipyConvolution(String name, Kernels kernels, int block) throws Exception {
        ImpulseResponse ir = new ImpulseResponseReader().read(Golden.path("ir_" + name + ".wav"));
        float[][] x = Golden.planar("input.f32", 2);
        float[][] expected = Golden.planar("expected_" + name + ".f32", 2);
        int frames = expected[0].length;
        assertEquals(x[0].length + ir.length() - 1, frames, "golden output length");

        float[][] buf = new float[2][frames];
        double maxX = 0;
        for (int c = 0; c < 2; c++) {
            System.arraycopy(x[c], 0, buf[c], 0, x[c].length);
            for (float v : x[c]) {
                maxX = Math.max(maxX, Math.abs(v));
            }
        }
        try (ConvolverPlugin p = new ConvolverPlugin(new ImpulseResponseReader(), kernels, QUICK)) {
            p.setResource("ir", Golden.path("ir_" + name + ".wav").toString());
            p.parameters().get("normalize").set(0);
            p.prepare(new ProcessSpec(Golden.RATE, 512, 2));
            AudioBlock view = new AudioBlock();
            for (int pos = 0; pos < frames; pos += block) {
                p.process(view.set(buf, pos, Math.min(block, frames - pos)));
            }
        }
        double tol = 5e-7 * ir.l1Norm() * maxX;
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < frames; i++) {
                double err = Math.abs(expected[c][i] - buf[c][i]);
                if (!(err <= tol)) {
                    fail(name + ": channel " + c + " frame " + i + " expected " + expected[c][i] + " found "
                            + buf[c][i] + " (tolerance " + tol + ")");
                }
            }
        }
    }
}
