package dev.convstream.plugins.wavenet;

import dev.convstream.plugin.WarmUp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.ProcessingMode;
import dev.convstream.testing.AllocationMeter;
import dev.convstream.testing.KernelFamilies;
import dev.convstream.testing.NamDocuments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WaveNetPluginTest {

    private static final double RATE = 48_000;
    /** Warm-up kept short: these tests check results, not JIT timing. */
    private static final WarmUp QUICK = new WarmUp(256, 50_000_000L);

    @TempDir
    Path dir;

    private static WaveNetPlugin plugin(Kernels k) {
        return new WaveNetPlugin(new NamLoader(), k, QUICK);
    }

    private static float[] signal(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 220 * i / RATE + seed) + 0.1 * (r.nextDouble() - 0.5));
        }
        return x;
    }

    /** The model alone, from conv-core, on the whole signal. */
    private static float[] reference(Path model, float[] x, Kernels k) throws IOException {
        StreamingModel m = new NamLoader().load(model).newModel(k);
        return m.processOffline(x);
    }

    private static void process(WaveNetPlugin p, float[][] buf, int block) {
        AudioBlock view = new AudioBlock();
        for (int pos = 0; pos < buf[0].length; pos += block) {
            p.process(view.set(buf, pos, Math.min(block, buf[0].length - pos)));
        }
    }

    /**
     * Relative tolerance: the plugin multiplies the gains in float around the same model, so
     * the two differ by a few roundings of the gain products (~1e-7 relative) plus, with the
     * vector kernels, the block-size-dependent summation order of the GEMM (~1e-7 absolute).
     */
    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-6 + 1e-5 * Math.abs(expected[i]);
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                fail(what + ": frame " + i + " expected " + expected[i] + " found " + actual[i]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void outputIsTheModelWithInputGainOutputGainAndLoudnessNormalisation(Kernels k) throws Exception {
        Path model = NamDocuments.write(dir.resolve("amp.nam"), 3, RATE, -12.0);
        float[] x = signal(3000, 1);
        float gin = (float) Math.pow(10, -6 / 20.0);
        float[] scaled = x.clone();
        for (int i = 0; i < x.length; i++) {
            scaled[i] *= gin;
        }
        float[] y = reference(model, scaled, k);
        // NAM's -18 dB target: a model at -12 dB is turned down by 6 dB, output_gain adds 3 dB.
        float gout = (float) (Math.pow(10, 3 / 20.0) * Math.pow(10, (-18 - -12) / 20.0));
        for (int i = 0; i < y.length; i++) {
            y[i] *= gout;
        }
        try (WaveNetPlugin p = plugin(k)) {
            p.setResource("model", model.toString());
            p.parameters().get("input_gain").set(-6);
            p.parameters().get("output_gain").set(3);
            p.prepare(new ProcessSpec(RATE, 128, 1));
            float[][] buf = {x.clone()};
            process(p, buf, 100);
            assertClose(y, buf[0], "plugin vs conv-core model with gains");
        }
    }

    /**
     * A file render ({@link ProcessingMode#OFFLINE}) skips the warm-up: prepare returns although
     * this one would run for an hour, and the output is the warmed-up real-time plugin's, bit for
     * bit (a warm-up ends in a reset to the same steady state, so it cannot change the sound).
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void offlinePrepareSkipsTheWarmUpAndSoundsTheSame(Kernels k) throws Exception {
        Path model = NamDocuments.write(dir.resolve("amp.nam"), 3, RATE, -12.0);
        float[] x = signal(3000, 5);
        float[][] live = {x.clone()};
        try (WaveNetPlugin p = plugin(k)) {
            p.setResource("model", model.toString());
            p.prepare(new ProcessSpec(RATE, 128, 1));
            process(p, live, 100);
        }
        float[][] offline = {x.clone()};
        try (WaveNetPlugin p = new WaveNetPlugin(new NamLoader(), k, new WarmUp(Long.MAX_VALUE, 3_600_000_000_000L))) {
            p.setResource("model", model.toString());
            p.prepare(new ProcessSpec(RATE, 128, 1, 1, ProcessingMode.OFFLINE));
            process(p, offline, 100);
        }
        assertArrayEquals(live[0], offline[0]);
    }

    /** The plugin runs every architecture the loader reads: an LSTM and a ConvNet, with and without fast tanh. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void runsLstmAndConvNetModelsAsTheModelAlone(Kernels k) throws Exception {
        Path lstm = NamDocuments.write(dir.resolve("lstm.nam"), NamDocuments.lstm(4, 2, 41));
        Path convNet = NamDocuments.write(dir.resolve("convnet.nam"),
                NamDocuments.convNet(3, new int[] {1, 2, 4}, true, "Tanh", 42));
        float[] x = signal(2000, 2);
        for (Path model : new Path[] {lstm, convNet}) {
            for (boolean fast : new boolean[] {false, true}) {
                StreamingModel alone = new NamLoader().withFastTanh(fast).load(model).newModel(k);
                float[] y = alone.processOffline(x);
                try (WaveNetPlugin p = plugin(k)) {
                    p.parameters().get("fast_tanh").set(fast ? 1 : 0);
                    p.setResource("model", model.toString());
                    p.prepare(new ProcessSpec(RATE, 64, 1));
                    float[][] buf = {x.clone()};
                    process(p, buf, 64);
                    assertClose(y, buf[0], model.getFileName() + (fast ? ", fast tanh" : ", exact tanh"));
                }
            }
        }
    }

    @Test
    void normalisationOffOrNoLoudnessLeavesTheModelLevel() throws Exception {
        Path loud = NamDocuments.write(dir.resolve("loud.nam"), 3, RATE, -12.0);
        Path plain = NamDocuments.write(dir.resolve("plain.nam"), 3, RATE, null);
        float[] x = signal(1000, 2);
        float[] y = reference(plain, x, Kernels.scalar());
        for (Path model : List.of(loud, plain)) {
            try (WaveNetPlugin p = plugin(Kernels.scalar())) {
                p.setResource("model", model.toString());
                if (model == loud) {
                    p.parameters().get("normalize").set(0);
                }
                p.prepare(new ProcessSpec(RATE, 64, 1));
                float[][] buf = {x.clone()};
                process(p, buf, 64);
                assertClose(y, buf[0], model.getFileName() + " unnormalised");
            }
        }
    }

    @Test
    void eachChannelHasItsOwnModelState() throws Exception {
        Path model = NamDocuments.write(dir.resolve("amp.nam"), 5, RATE, null);
        float[] left = signal(2000, 3);
        float[] right = signal(2000, 4);
        try (WaveNetPlugin p = plugin(Kernels.scalar())) {
            p.setResource("model", model.toString());
            p.prepare(new ProcessSpec(RATE, 256, 2));
            float[][] buf = {left.clone(), right.clone()};
            process(p, buf, 77);
            assertClose(reference(model, left, Kernels.scalar()), buf[0], "left");
            assertClose(reference(model, right, Kernels.scalar()), buf[1], "right");
        }
    }

    /**
     * A 48 kHz model on a 44.1 kHz stream is the offline chain: the input resampled to 48 kHz
     * (after the input stage's shift), the model run on the whole signal, the result resampled
     * back (then the output stage's shift), with conv-core's offline {@link Resampler}. The
     * plugin reports the two shifts as its latency. Tolerance as {@link #assertClose}: the same
     * resampler arithmetic on both sides, and the model's block-size-dependent summation order
     * (~1e-7) carried through the output resampler, whose gain is about 1.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void modelAtAnotherRateRunsBehindTheResamplerAsTheOfflineChain(Kernels k) throws Exception {
        double host = 44_100;
        double rate = 48_000;
        Path model = NamDocuments.write(dir.resolve("amp48.nam"), 3, rate, null);
        float[] x = signal(6_000, 9);
        try (WaveNetPlugin p = plugin(k)) {
            p.setResource("model", model.toString());
            p.prepare(new ProcessSpec(host, 256, 1));
            assertEquals(144, p.latencySamples(), "72 + 72 host samples: both resamplers' shifts");
            float[][] buf = {x.clone()};
            process(p, buf, 100);

            // Before the output stage's shift the stream holds its filter's run-in of the
            // model's first samples; the offline chain starts at time 0, so compare from there on.
            int shift = ResampledReference.shift(model, host);
            assertClose(ResampledReference.of(model, x, host, k), Arrays.copyOfRange(buf[0], shift, x.length),
                    "48 kHz model on a 44.1 kHz stream");
        }
    }

    @Test
    void atTheModelsOwnRateThereIsNoResamplerAndNoLatency() throws Exception {
        Path model = NamDocuments.write(dir.resolve("amp44.nam"), 3, 44_100, null);
        float[] x = signal(1_000, 4);
        try (WaveNetPlugin p = plugin(Kernels.scalar())) {
            p.setResource("model", model.toString());
            p.prepare(new ProcessSpec(44_100, 64, 1));
            assertEquals(0, p.latencySamples());
            float[][] buf = {x.clone()};
            process(p, buf, 64);
            assertClose(reference(model, x, Kernels.scalar()), buf[0], "model at the host rate");
        }
    }

    @Test
    void loadingAModelOfAnotherRateWhilePreparedSwapsItInBehindTheResampler() throws Exception {
        Path good = NamDocuments.write(dir.resolve("good.nam"), 3, RATE, null);
        Path other = NamDocuments.write(dir.resolve("other.nam"), 4, 96_000, null);
        try (WaveNetPlugin p = plugin(Kernels.scalar())) {
            p.setResource("model", good.toString());
            p.prepare(new ProcessSpec(RATE, 64, 1));
            assertEquals(0, p.latencySamples());
            p.setResource("model", other.toString());
            assertEquals(Map.of("model", other.toString()), p.resources());
            float[][] buf = {signal(500, 5)};
            process(p, buf, 64);
            assertTrue(p.latencySamples() > 0, "latency of the 96 kHz model behind the resampler");
            for (float v : buf[0]) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    @Tag("allocation")
    void processBehindTheResamplerAllocatesNothing() throws Exception {
        Path model = NamDocuments.write(dir.resolve("amp48.nam"), 3, 48_000, null);
        try (WaveNetPlugin p = plugin(Kernels.scalar())) {
            p.setResource("model", model.toString());
            p.prepare(new ProcessSpec(44_100, 256, 2));
            float[][] buf = {signal(256, 1), signal(256, 2)};
            AudioBlock view = new AudioBlock();
            Runnable blocks = () -> {
                for (int i = 0; i < 200; i++) {
                    p.process(view.set(buf, 0, 256));
                    p.process(view.set(buf, 0, 17));
                }
            };
            assertEquals(0, new AllocationMeter().allocatedOnceWarm(blocks, blocks, 5));
        }
    }

    @Test
    void missingFileIsReportedWithItsPath() {
        Path missing = dir.resolve("nowhere/amp.nam");
        try (WaveNetPlugin p = plugin(Kernels.scalar())) {
            IOException e = assertThrows(IOException.class, () -> p.setResource("model", missing.toString()));
            assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        }
    }

    @Test
    void malformedFileIsReportedWithItsName() throws Exception {
        Path bad = Files.writeString(dir.resolve("broken.nam"), "{\"version\": \"0.5.4\", \"architecture\": ");
        try (WaveNetPlugin p = plugin(Kernels.scalar())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.setResource("model", bad.toString()));
            assertTrue(e.getMessage().contains("broken.nam"), e.getMessage());
            assertTrue(p.resources().isEmpty(), "nothing loaded");
        }
    }

    @Test
    void unknownResourceIsRejectedNamingIt() {
        try (WaveNetPlugin p = plugin(Kernels.scalar())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.setResource("ir", "x.wav"));
            assertTrue(e.getMessage().contains("'ir'"), e.getMessage());
        }
    }

    @Test
    void sharedNamFileRunsAsConvCoreRunsItWhenPresent() throws Exception {
        java.util.Optional<Path> model = NamDocuments.sharedNamDir().map(d -> d.resolve("wavenet.nam"));
        org.junit.jupiter.api.Assumptions.assumeTrue(model.isPresent(), "no shared/nam/wavenet.nam: skipped");
        double rate = new NamLoader().load(model.get()).sampleRate();
        float[] x = signal(4800, 8);
        float[] y = reference(model.get(), x, KernelFamilies.vector());
        Double loudness = new NamLoader().load(model.get()).metadata().loudness();
        float norm = loudness == null ? 1f : (float) Math.pow(10, (-18 - loudness) / 20);
        for (int i = 0; i < y.length; i++) {
            y[i] *= norm;
        }
        try (WaveNetPlugin p = plugin(KernelFamilies.vector())) {
            p.setResource("model", model.get().toString());
            p.prepare(new ProcessSpec(rate, 256, 1));
            float[][] buf = {x.clone()};
            process(p, buf, 256);
            assertClose(y, buf[0], model.get().getFileName().toString());
        }
    }

    @Test
    void withoutAModelAudioPassesUnchanged() {
        float[] x = signal(300, 6);
        try (WaveNetPlugin p = plugin(Kernels.scalar())) {
            p.prepare(new ProcessSpec(RATE, 64, 1));
            float[][] buf = {x.clone()};
            process(p, buf, 64);
            assertClose(x, buf[0], "no model loaded");
        }
    }

    @Test
    void fastTanhIsAnOffByDefaultParameter() {
        dev.convstream.plugin.ParameterSpec spec = WaveNetPlugin.DESCRIPTOR.parameters().stream()
                .filter(q -> q.id().equals("fast_tanh")).findFirst().orElseThrow();
        assertEquals(0, spec.min());
        assertEquals(1, spec.max());
        assertEquals(0, spec.defaultValue());
    }

    /**
     * fast_tanh on runs the model as conv-core's NamLoader.withFastTanh(true) builds it; the
     * switch takes effect at the next prepare (not live), and off again gives the exact model.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void fastTanhParameterRunsNamCoresFastTanhFromTheNextPrepare(Kernels k) throws Exception {
        Path model = NamDocuments.write(dir.resolve("amp.nam"), 7, RATE, null);
        float[] x = signal(2000, 9);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 4; // drive the tanh layers into their curved range, where fast and exact differ
        }
        float[] exact = reference(model, x, k);
        float[] fast = new NamLoader().withFastTanh(true).load(model).newModel(k).processOffline(x);
        double apart = 0;
        for (int i = 0; i < x.length; i++) {
            apart = Math.max(apart, Math.abs(exact[i] - fast[i]));
        }
        assertTrue(apart > 1e-4, "fast and exact tanh should differ on this model, max difference " + apart);
        try (WaveNetPlugin p = plugin(k)) {
            p.setResource("model", model.toString());
            p.prepare(new ProcessSpec(RATE, 128, 1));
            float[][] buf = {x.clone()};
            process(p, buf, 100);
            assertClose(exact, buf[0], "default: exact tanh");

            p.parameters().get("fast_tanh").set(1);
            p.reset();
            buf = new float[][] {x.clone()};
            process(p, buf, 100);
            assertClose(exact, buf[0], "fast_tanh set: still exact until the next prepare");

            p.prepare(new ProcessSpec(RATE, 128, 1));
            buf = new float[][] {x.clone()};
            process(p, buf, 100);
            assertClose(fast, buf[0], "fast_tanh after prepare");

            p.parameters().get("fast_tanh").set(0);
            p.setResource("model", model.toString()); // a model load rebuilds too
            p.reset();
            buf = new float[][] {x.clone()};
            process(p, buf, 100);
            assertClose(exact, buf[0], "fast_tanh off, model reloaded");
        }
    }

    /**
     * A container (two submodels): {@code size} picks the submodel from the first sample (1, the
     * default: the last; 0.3: the first), and a change while playing ends on the new submodel alone
     * once its warm-up and crossfade are over.
     */
    @Test
    void sizePicksTheSubmodelOfAContainer() throws Exception {
        Path small = NamDocuments.write(dir.resolve("small.nam"), NamDocuments.waveNet(NamDocuments.TINY, 1, RATE, "s"));
        Path full = NamDocuments.write(dir.resolve("full.nam"), NamDocuments.waveNet(NamDocuments.TINY, 2, RATE, "f"));
        Path both = NamDocuments.write(dir.resolve("both.nam"), NamDocuments.container(
                NamDocuments.waveNet(NamDocuments.TINY, 1, RATE, "s"), NamDocuments.waveNet(NamDocuments.TINY, 2, RATE, "f")));
        float[] x = signal(4096, 9);
        for (double size : new double[] {1, 0.3}) {
            try (WaveNetPlugin p = plugin(Kernels.scalar())) {
                p.setResource("model", both.toString());
                p.parameters().get("size").set(size);
                p.prepare(new ProcessSpec(RATE, 64, 1));
                float[][] buf = {x.clone()};
                process(p, buf, 64);
                assertClose(reference(size == 1 ? full : small, x, Kernels.scalar()), buf[0], "size " + size);
            }
        }
        try (WaveNetPlugin p = plugin(Kernels.scalar())) {
            p.setResource("model", both.toString());
            p.prepare(new ProcessSpec(RATE, 64, 1));
            float[][] buf = {x.clone()};
            AudioBlock view = new AudioBlock();
            for (int pos = 0; pos < x.length; pos += 64) {
                if (pos == 1024) {
                    p.parameters().get("size").set(0.2);
                }
                p.process(view.set(buf, pos, 64));
            }
            float[] expected = reference(small, x, Kernels.scalar());
            int settled = 1024 + NamDocuments.TINY.receptiveField() + dev.convstream.model.SlimmableContainer.FADE_SAMPLES;
            assertClose(java.util.Arrays.copyOfRange(expected, settled, x.length),
                    java.util.Arrays.copyOfRange(buf[0], settled, x.length), "after the switch");
        }
    }
}
