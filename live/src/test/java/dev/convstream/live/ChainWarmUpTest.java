package dev.convstream.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.plugin.InternedLiterals;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.WarmUp;
import dev.convstream.plugins.convolver.ConvolverPlugin;
import dev.convstream.plugins.convolver.ImpulseResponseReader;
import dev.convstream.plugins.dcblock.DcBlockPlugin;
import dev.convstream.plugins.wavenet.WaveNetPlugin;
import dev.convstream.testing.AllocationMeter;
import dev.convstream.testing.KernelFamilies;
import dev.convstream.testing.NamDocuments;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ChainWarmUpTest {

    static List<Kernels> families() {
        return KernelFamilies.list();
    }

    /** Each family with a WaveNet, and with NAM's example shape of LSTM (1 layer of 3 units) in fast tanh. */
    static List<org.junit.jupiter.params.provider.Arguments> familiesAndModels() {
        List<org.junit.jupiter.params.provider.Arguments> cases = new java.util.ArrayList<>();
        for (Kernels k : KernelFamilies.list()) {
            cases.add(org.junit.jupiter.params.provider.Arguments.of(k, "WaveNet"));
            // the vector family plays its own LSTM cell, compiled in the model's prepare
            cases.add(org.junit.jupiter.params.provider.Arguments.of(k, "LSTM, fast tanh"));
        }
        return cases;
    }

    /**
     * Right after the warm-up, the very first blocks the audio thread runs allocate nothing, on
     * either kernel family (the Vector API family allocates while its code is not yet compiled
     * by C2: that is what the warm-up is for), and the chain starts from silence with clear meters.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("familiesAndModels")
    void afterTheWarmUpTheFirstBlocksAllocateNothing(Kernels kernels, String kind) throws Exception {
        boolean lstm = kind.startsWith("LSTM");
        String model = lstm ? temporaryLstm().toString() : NamDocuments.temporary(11, 48_000, null).toString();
        float[] fresh = firstBlockOfSilence(model, kernels, lstm);
        WaveNetPlugin amp = amp(model, kernels, lstm);
        try (PluginChain chain = new PluginChain(List.of(amp, new DcBlockPlugin()))) {
            LiveEngine engine = new LiveEngine(chain);
            engine.prepare(48_000, 64, 1, 2);
            ChainWarmUp.Result r = new ChainWarmUp(new WarmUp(48_000, 60_000_000_000L)).run(engine, 64);
            assertTrue(r.settled(), "the warm-up settled: " + r);
            assertEquals(0, engine.callbacks(), "meters cleared");
            assertEquals(0f, engine.outputPeak().level());

            float[][] in = new float[1][64];
            float[][] out = new float[2][64];
            engine.process(in, 0, out, 0, 64);
            org.junit.jupiter.api.Assertions.assertArrayEquals(fresh, out[0],
                    "after the warm-up the chain plays silence as a freshly prepared one does");
            for (int i = 0; i < 64; i++) {
                in[0][i] = (float) (0.5 * Math.sin(0.05 * i));
            }
            // Two attempts of 200 blocks: code that allocates until C2 has compiled it would do so
            // in both (12 KB a block, as in the issue); one on-stack replacement of this loop does not.
            long bytes = new AllocationMeter().allocatedOnceWarm(() -> { }, () -> {
                for (int b = 0; b < 200; b++) {
                    engine.process(in, 0, out, 0, 64);
                }
            }, 2);
            assertEquals(0, bytes, kernels.name() + ": bytes allocated by the first blocks after the warm-up");
        }
    }

    /**
     * The first parameter changes after the warm-up (a player's first turn of a knob: every
     * parameter of the amp, the DC blocker and the gain at once) ramp without allocating. Measured once,
     * exactly: what is measured is the first time the audio thread takes the ramping branches,
     * which a warm-up that never moved a parameter leaves uncompiled (the soak saw a 248-byte
     * allocation there, after a deoptimisation). The parameters are back where they were after
     * the warm-up, and the chain starts from them without a ramp. Once flaky (3 of 4 CI runs: a
     * first ramp allocated 496 B on JDK 17): the JIT's first request for a ramp method creating
     * its class's unrun literals, which the warm-up now interns first (RELIABILITY.md, "What the
     * allocations were").
     */
    @ParameterizedTest
    @MethodSource("families")
    void afterTheWarmUpTheFirstParameterRampAllocatesNothing(Kernels kernels) throws Exception {
        String model = NamDocuments.temporary(11, 48_000, null).toString();
        WaveNetPlugin amp = new WaveNetPlugin(new NamLoader(), kernels, new WarmUp(0, 0));
        amp.setResource("model", model);
        try (PluginChain chain = new PluginChain(List.of(amp, new DcBlockPlugin(),
                new dev.convstream.plugins.gain.GainPlugin()))) {
            chain.get(0).parameters().all().forEach(p -> p.setNormalized(0.4));
            double[] before = chain.get(0).parameters().all().stream().mapToDouble(p -> p.get()).toArray();
            LiveEngine engine = new LiveEngine(chain);
            engine.prepare(48_000, 64, 1, 1);
            ChainWarmUp.Result r = new ChainWarmUp(new WarmUp(48_000, 60_000_000_000L)).run(engine, 64);
            assertTrue(r.settled(), "the warm-up settled: " + r);
            org.junit.jupiter.api.Assertions.assertArrayEquals(before,
                    chain.get(0).parameters().all().stream().mapToDouble(p -> p.get()).toArray(),
                    "the warm-up leaves the parameters as it found them");

            float[][] in = new float[1][64];
            float[][] out = new float[1][64];
            for (int i = 0; i < 64; i++) {
                in[0][i] = (float) (0.3 * Math.sin(0.05 * i));
            }
            // The knobs turn (on this thread, as a panel's would on its own: not measured) ...
            for (dev.convstream.plugin.AudioPlugin p : chain.plugins()) {
                for (dev.convstream.plugin.Parameter param : p.parameters().all()) {
                    double pos = param.spec().toNormalized(param.get());
                    param.setNormalized(pos < 0.5 ? pos + 0.1 : pos - 0.1);
                }
            }
            // ... and the audio thread ramps: 60 blocks of 64 frames, 80 ms, the 20 ms ramp and beyond.
            long bytes = new AllocationMeter().allocatedBy(() -> {
                for (int b = 0; b < 60; b++) {
                    engine.process(in, 0, out, 0, 64);
                }
            });
            assertEquals(0, bytes, kernels.name() + ": bytes allocated by the first parameter ramp after the warm-up");
        }
    }

    /**
     * A 2 s reverb response in the default 256-frame blocks settles well within its budget.
     * The partitioned convolver runs a 1,024-sample partition's FFT (the Vector API family's
     * partition for 96,000 taps) in every fourth block, so single blocks differ by more than
     * twice for ever, and the run used to end on its whole 10 s budget, before every live start
     * with a reverb (and the convolver's own warm-up on its 3 s budget before that).
     */
    @ParameterizedTest
    @MethodSource("families")
    void aReverbWhoseFftComesEveryFewBlocksSettles(Kernels kernels, @org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        float[] taps = new float[96_000];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < taps.length; i++) {
            taps[i] = (float) (0.5 * r.nextGaussian() * Math.exp(-i / 20_000.0));
        }
        java.nio.file.Path ir = dev.convstream.testing.TestWav.write16(dir.resolve("hall.wav"), new float[][] {taps},
                48_000);
        WarmUp generous = new WarmUp(48_000, 30_000_000_000L); // far above what settling takes
        ConvolverPlugin reverb = new ConvolverPlugin(new ImpulseResponseReader(), kernels, generous);
        reverb.setResource("ir", ir.toString());
        try (PluginChain chain = new PluginChain(List.of(reverb))) {
            LiveEngine engine = new LiveEngine(chain);
            engine.prepare(48_000, 256, 1, 1);
            ChainWarmUp.Result result = new ChainWarmUp(generous).run(engine, 256);
            assertTrue(result.settled(), kernels.name() + ": the warm-up ran its budget without settling: " + result);
        }
    }

    /** The amp plugin playing {@code model}, with NAM core's fast tanh or not, warming nothing up itself. */
    private static WaveNetPlugin amp(String model, Kernels kernels, boolean fastTanh) throws java.io.IOException {
        WaveNetPlugin amp = new WaveNetPlugin(new NamLoader(), kernels, new WarmUp(0, 0));
        amp.parameters().all().stream().filter(p -> p.spec().id().equals("fast_tanh"))
                .forEach(p -> p.setNormalized(fastTanh ? 1 : 0));
        amp.setResource("model", model);
        return amp;
    }

    /** A one-layer LSTM of 3 units (the shape of NAM's lstm.nam), in a temporary file deleted at exit. */
    private static java.nio.file.Path temporaryLstm() throws java.io.IOException {
        java.nio.file.Path p = java.nio.file.Files.createTempFile("convstream-lstm-", ".nam");
        p.toFile().deleteOnExit();
        return NamDocuments.write(p, NamDocuments.lstm(3, 1, 12));
    }

    /** A freshly prepared chain's output for a first block of silence. */
    private static float[] firstBlockOfSilence(String model, Kernels kernels, boolean fastTanh) throws Exception {
        WaveNetPlugin amp = amp(model, kernels, fastTanh);
        try (PluginChain chain = new PluginChain(List.of(amp, new DcBlockPlugin()))) {
            LiveEngine engine = new LiveEngine(chain);
            engine.prepare(48_000, 64, 1, 1);
            float[][] out = new float[1][64];
            engine.process(new float[1][64], 0, out, 0, 64);
            return out[0];
        }
    }

    /**
     * The first run interns the literals of every convstream class (here a message of
     * {@code ResourceHolder} no code runs while all is well) and the warm-up object holds them,
     * so C2's first request for a method called once a block does not create them on the audio
     * thread ({@code InternedLiteralsTest} shows that allocation and its removal).
     */
    @Test
    void theFirstRunInternsTheLiteralsOfTheChainsClassesAndHoldsThem() {
        LiveEngine engine = new LiveEngine(new PluginChain(List.of(new DcBlockPlugin())));
        engine.prepare(48_000, 64, 1, 1);
        ChainWarmUp w = new ChainWarmUp(new WarmUp(0, 0));
        assertEquals(null, w.literals());
        w.run(engine, 64);
        // built at run time: the same text as a literal would put it in this class's constant pool too
        // a piece of the message: the main classes' inline concatenation keeps its pieces as plain constants
        String piece = String.join("", "': resource", " '");
        assertTrue(w.literals().holds(piece), "ResourceHolder's message among " + w.literals().size());
        assertTrue(w.literals().classes() > 100, w.literals().classes() + " classes read");
    }

    /**
     * A prefetch started before the chain exists (the devices opened while the models load)
     * covers convstream's packages, so the first run takes its literals and adds nothing.
     */
    @Test
    void aPrefetchBeforeTheChainExistsCoversConvstreamsPlugins() {
        ChainWarmUp w = new ChainWarmUp(new WarmUp(0, 0));
        w.prefetchLiterals();
        assertTrue(w.literalsPending());
        LiveEngine engine = new LiveEngine(new PluginChain(List.of(new DcBlockPlugin())));
        engine.prepare(48_000, 64, 1, 1);
        w.run(engine, 64);
        assertFalse(w.literalsPending());
        // a piece of the message: the main classes' inline concatenation keeps its pieces as plain constants
        String piece = String.join("", "': resource", " '");
        assertTrue(w.literals().holds(piece), "ResourceHolder's message among " + w.literals().size());
        InternedLiterals held = w.literals();
        w.run(engine, 64);
        assertSame(held, w.literals(), "nothing added for a plugin of a package already read");
    }

    /** The same literals when a prefetch, started before the chain is prepared, interned them. */
    @Test
    void aPrefetchInternsTheLiteralsOnAnotherThreadAndTheFirstRunTakesThem() {
        LiveEngine engine = new LiveEngine(new PluginChain(List.of(new DcBlockPlugin())));
        ChainWarmUp w = new ChainWarmUp(new WarmUp(0, 0));
        w.prefetchLiterals(engine.chain());
        assertTrue(w.literalsPending());
        engine.prepare(48_000, 64, 1, 1);
        w.run(engine, 64);
        assertFalse(w.literalsPending());
        // a piece of the message: the main classes' inline concatenation keeps its pieces as plain constants
        String piece = String.join("", "': resource", " '");
        assertTrue(w.literals().holds(piece), "ResourceHolder's message among " + w.literals().size());
        assertTrue(w.literals().classes() > 100, w.literals().classes() + " classes read");
        InternedLiterals held = w.literals();
        w.prefetchLiterals(engine.chain()); // literals held: nothing more to start
        assertFalse(w.literalsPending());
        w.run(engine, 64);
        assertSame(held, w.literals());
    }

    @Test
    void anUnpreparedEngineOrAnOversizedBlockIsRefused() {
        LiveEngine engine = new LiveEngine(new PluginChain(List.of()));
        ChainWarmUp w = new ChainWarmUp(ChainWarmUp.DEFAULT);
        assertThrows(IllegalArgumentException.class, () -> w.run(engine, 64));
        engine.prepare(48_000, 64, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> w.run(engine, 65));
    }
}
