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
 * mono and per-channel, and a mono stream through a stereo response (mono to stereo), in blocks
 * of several sizes, on both kernel families.
 */
class ConvolverGoldenTest {

    /** Warm-up kept short: these tests check results, not JIT timing. */
    private static final WarmUp QUICK = new WarmUp(256, 20_000_000L);

    static Stream<Arguments> cases() {
        return cases("short_mono", "short_stereo", "long_mono", "long_stereo");
    }

    static Stream<Arguments> stereoCases() {
        return cases("short_stereo", "long_stereo");
    }

    private static Stream<Arguments> cases(String... irs) {
        List<Arguments> out = new ArrayList<>();
        for (String ir : irs) {
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
        runThrough(name, kernels, block, new ProcessSpec(Golden.RATE, 512, 2), buf);
        assertWithin(name, expected, buf, 5e-7 * ir.l1Norm() * maxX);
    }

    /**
     * A mono stream through a stereo response comes out stereo: output channel c is the input
     * through response channel c (scipy, {@code expected_<ir>_mono_in.f32}); the second channel of
     * the block holds garbage on entry, which must not leak in. Tolerance as above.
     */
    @ParameterizedTest(name = "{0} {1} blocks of {2}")
    @MethodSource("stereoCases")
    void monoStreamThroughAStereoResponseEqualsScipy(String name, Kernels kernels, int block) throws Exception {
        ImpulseResponse ir = new ImpulseResponseReader().read(Golden.path("ir_" + name + ".wav"));
        float[] x = Golden.planar("input.f32", 2)[0];
        float[][] expected = Golden.planar("expected_" + name + "_mono_in.f32", 2);
        int frames = expected[0].length;
        float[][] buf = new float[2][frames];
        System.arraycopy(x, 0, buf[0], 0, x.length);
        java.util.Arrays.fill(buf[1], 123f);
        double maxX = 0;
        for (float v : x) {
            maxX = Math.max(maxX, Math.abs(v));
        }
        runThrough(name, kernels, block, new ProcessSpec(Golden.RATE, 512, 1, 2), buf);
        assertWithin(name + " mono in", expected, buf, 5e-7 * ir.l1Norm() * maxX);
    }

    private static void runThrough(String name, Kernels kernels, int block, ProcessSpec spec, float[][] buf)
            throws Exception {
        int frames = buf[0].length;
        try (ConvolverPlugin p = new ConvolverPlugin(new ImpulseResponseReader(), kernels, QUICK)) {
            p.setResource("ir", Golden.path("ir_" + name + ".wav").toString());
            p.parameters().get("normalize").set(0);
            p.prepare(spec);
            AudioBlock view = new AudioBlock();
            for (int pos = 0; pos < frames; pos += block) {
                p.process(view.set(buf, pos, Math.min(block, frames - pos)));
            }
        }
    }

    private static void assertWithin(String name, float[][] expected, float[][] buf, double tol) {
        int frames = expected[0].length;
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
