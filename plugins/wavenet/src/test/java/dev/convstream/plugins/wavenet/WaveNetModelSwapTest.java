package dev.convstream.plugins.wavenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.WaveNetConfig;
import dev.convstream.model.nam.NamActivations;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.WarmUp;
import dev.convstream.plugin.contract.SwapScenario;
import dev.convstream.testing.NamDocuments;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A model swapped while a plucked string streams through the plugin crossfades
 * ({@link SwapScenario}): no step above twice the largest step of any of the models alone, and
 * the new model alone (with the same history) once the 50 ms fade is over. The generated models
 * are tiny WaveNets of different stated loudness, so the fade also moves between two
 * normalisation gains.
 */
class WaveNetModelSwapTest {

    private static final double RATE = 48_000;
    private static final int BLOCK = 128;
    /** 50 ms at 48 kHz. */
    private static final int FADE = 2400;
    /** Warm-up kept short: these tests check results, not JIT timing. */
    private static final WarmUp QUICK = new WarmUp(256, 50_000_000L);
    /**
     * Same model, same history, same block sizes: equal but for the gain products' float
     * rounding (1e-7 relative on outputs below 1); 1e-5 still fails on any state left from
     * before the swap, which moves these outputs by 1e-3 and more.
     */
    private static final double SAME_HISTORY = 1e-5;

    @TempDir
    Path dir;

    private static SwapScenario scenario(Kernels k) {
        return new SwapScenario(() -> new WaveNetPlugin(new NamLoader(), k, QUICK), new ProcessSpec(RATE, BLOCK, 1),
                "model", BLOCK);
    }

    private static int receptiveField(String model) throws Exception {
        return new NamLoader().load(Path.of(model)).newModel(Kernels.scalar()).receptiveField();
    }

    private String tiny(String name, long seed, Double loudness) throws Exception {
        return NamDocuments.write(dir.resolve(name), seed, RATE, loudness).toString();
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void aModelSwapWhilePlayingCrossfadesWithoutAStep(Kernels k) throws Exception {
        String a = tiny("a.nam", 31, -12.0);
        String b = tiny("b.nam", 32, -20.0);
        float[] x = SwapScenario.pluckedString(24_000, RATE);
        scenario(k).assertSmooth(List.of(a, b), new int[] {75 * BLOCK}, x, FADE, receptiveField(b), SAME_HISTORY);
    }

    /** A third model asked for 10 blocks into the first fade waits for it, then fades in too. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void aSwapDuringAFadeIsCrossfadedToo(Kernels k) throws Exception {
        String a = tiny("a.nam", 31, -12.0);
        String b = tiny("b.nam", 32, -20.0);
        String c = tiny("c.nam", 33, null);
        float[] x = SwapScenario.pluckedString(24_000, RATE);
        scenario(k).assertSmooth(List.of(a, b, c), new int[] {40 * BLOCK, 50 * BLOCK}, x, FADE, receptiveField(c),
                SAME_HISTORY);
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void aModelLoadedBeforeAudioStartsOrAfterResetPlaysAtOnce(Kernels k) throws Exception {
        String a = tiny("a.nam", 31, -12.0);
        String b = tiny("b.nam", 32, -20.0);
        scenario(k).assertImmediateWhenStopped(a, b, SwapScenario.pluckedString(4800, RATE), SAME_HISTORY);
    }

    /**
     * A model whose receptive field (3212 samples) outlasts the 2400-sample fade: still no step,
     * and it equals itself alone only once it has heard its whole receptive field of input
     * since the swap (checked from there on); before, its cold start still shows.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void aModelWithAReceptiveFieldLongerThanTheFadeSettlesOnceItHasHeardIt(Kernels k) throws Exception {
        WaveNetConfig longMemory = new WaveNetConfig(List.of(
                new LayerArrayConfig(1, 1, 2, 3, 3, new int[] {1, 64, 512, 1024}, NamActivations.byName("Tanh"), false,
                        false),
                new LayerArrayConfig(3, 1, 1, 2, 2, new int[] {1, 8}, NamActivations.byName("Tanh"), false, true)),
                0.5f);
        String a = tiny("a.nam", 31, -12.0);
        String b = NamDocuments.write(dir.resolve("long.nam"), NamDocuments.waveNet(longMemory, 34, RATE, "long")).toString();
        int memory = receptiveField(b);
        assertEquals(3212, memory);
        float[] x = SwapScenario.pluckedString(24_000, RATE);
        scenario(k).assertSmooth(List.of(a, b), new int[] {75 * BLOCK}, x, FADE, memory, SAME_HISTORY);
        assertThrows(AssertionError.class,
                () -> scenario(k).assertSmooth(List.of(a, b), new int[] {75 * BLOCK}, x, FADE, FADE, SAME_HISTORY),
                "right after the fade the cold start still shows");
    }
}
