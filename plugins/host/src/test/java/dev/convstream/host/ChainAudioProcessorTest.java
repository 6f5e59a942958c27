package dev.convstream.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import be.tarsos.dsp.io.jvm.AudioDispatcherFactory;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.testing.AllocationMeter;
import dev.convstream.testing.TestData;
import dev.convstream.testing.TestWav;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChainAudioProcessorTest {

    private static final int RATE = 44_100;
    /** A stateful chain: processing an overlap twice, or skipping samples, changes its output. */
    private static final String CHAIN = "dcblock(cutoff=50) -> gain(db=-3)";

    private final ChainBuilder chains = TestPlugins.injector().getInstance(ChainBuilder.class);

    @TempDir
    Path dir;

    /** Collects the samples a dispatcher hands on for the first time (those after the overlap). */
    private static final class Collector implements AudioProcessor {
        final float[] out;
        int n;

        Collector(int capacity) {
            out = new float[capacity];
        }

        @Override
        public boolean process(AudioEvent e) {
            float[] b = e.getFloatBuffer();
            for (int i = e.getOverlap(); i < b.length && n < out.length; i++) {
                out[n++] = b[i];
            }
            return true;
        }

        @Override
        public void processingFinished() {
        }
    }

    @ParameterizedTest(name = "buffer {0}, overlap {1}")
    @CsvSource({"1024, 0", "1024, 512", "1000, 999", "256, 64"})
    void fileThroughADispatcherEqualsTheChainAppliedDirectly(int bufferSize, int overlap) throws Exception {
        int frames = 20_000;
        float[][] input = TestData.pcm16Signal(1, frames, RATE);
        Path wav = dir.resolve("in.wav");
        TestWav.write(wav, input, new AudioFormat(RATE, 16, 1, true, false), AudioFileFormat.Type.WAVE);

        AudioDispatcher dispatcher = AudioDispatcherFactory.fromFile(wav.toFile(), bufferSize, overlap);
        Collector collected = new Collector(frames);
        try (PluginChain chain = chains.build(CHAIN)) {
            dispatcher.addAudioProcessor(new ChainAudioProcessor(chain, RATE, bufferSize).prepare());
            dispatcher.addAudioProcessor(collected);
            dispatcher.run();
        }
        assertEquals(frames, collected.n, "every input sample came out once");
        // TarsosDSP decodes a 16-bit sample k as k * (1f / 32767f), not k / 32768f.
        float[][] expected = new float[1][frames];
        for (int i = 0; i < frames; i++) {
            expected[0][i] = Math.round(input[0][i] * 32768f) * (1.0f / 32767.0f);
        }
        try (AudioPlugin chain = chains.build(CHAIN)) {
            chain.prepare(new ProcessSpec(RATE, frames, 1));
            chain.process(AudioBlock.wrap(expected, frames));
        }
        // Exact: the same input floats, and both plugins give bit-identical output whatever the
        // block partition (their contract test checks it).
        FileProcessorTest.assertClose(expected, new float[][] {collected.out}, 0, "dispatcher output");
    }

    /**
     * Stereo through a dispatcher: TarsosDSP 2.4.1's dispatcher skips frames of a multi-channel
     * format, so the interleaved samples go in as a mono stream (buffer and overlap whole frames)
     * and the processor is told the channel count. Each channel then comes out exactly as the
     * chain applied to that channel directly. The reference input is what the same dispatcher
     * hands on without the chain (TarsosDSP rounds floats through 16 bits).
     */
    @ParameterizedTest(name = "buffer {0} frames, overlap {1}")
    @CsvSource({"512, 0", "512, 128", "100, 99", "256, 64"})
    void stereoThroughADispatcherEqualsTheChainAppliedToEachChannel(int bufferFrames, int overlapFrames)
            throws Exception {
        int frames = 12_000;
        float[][] input = TestData.pcm16Signal(2, frames, RATE);
        float[] interleaved = new float[2 * frames];
        for (int i = 0; i < frames; i++) {
            interleaved[2 * i] = input[0][i];
            interleaved[2 * i + 1] = input[1][i];
        }
        float[] raw = dispatch(interleaved, bufferFrames, overlapFrames, null);
        float[] processed;
        try (PluginChain chain = chains.build(CHAIN)) {
            processed = dispatch(interleaved, bufferFrames, overlapFrames,
                    new ChainAudioProcessor(chain, RATE, bufferFrames, 2).prepare());
        }
        float[][] expected = new float[2][frames];
        float[][] actual = new float[2][frames];
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < 2; c++) {
                expected[c][i] = raw[2 * i + c];
                actual[c][i] = processed[2 * i + c];
            }
        }
        try (AudioPlugin chain = chains.build(CHAIN)) {
            chain.prepare(new ProcessSpec(RATE, frames, 2));
            chain.process(AudioBlock.wrap(expected, frames));
        }
        FileProcessorTest.assertClose(expected, actual, 0, "stereo dispatcher output");
    }

    /** The interleaved samples a mono-format dispatcher hands on after {@code chain} (none: as decoded). */
    private static float[] dispatch(float[] interleaved, int bufferFrames, int overlapFrames, AudioProcessor chain)
            throws Exception {
        AudioDispatcher dispatcher = AudioDispatcherFactory.fromFloatArray(interleaved, RATE, 2 * bufferFrames,
                2 * overlapFrames);
        Collector collected = new Collector(interleaved.length);
        if (chain != null) {
            dispatcher.addAudioProcessor(chain);
        }
        dispatcher.addAudioProcessor(collected);
        dispatcher.run();
        assertEquals(interleaved.length, collected.n, "every sample came out once");
        return collected.out;
    }

    @Test
    @Tag("allocation")
    void stereoBuffersAreProcessedWithoutAllocating() {
        try (PluginChain chain = chains.build(CHAIN)) {
            ChainAudioProcessor p = new ChainAudioProcessor(chain, RATE, 256, 2).prepare();
            AudioEvent e = new AudioEvent(new be.tarsos.dsp.io.TarsosDSPAudioFormat(RATE, 16, 1, true, false));
            float[] buffer = new float[2 * 256];
            e.setFloatBuffer(buffer);
            e.setOverlap(2 * 64);
            Runnable blocks = () -> {
                for (int k = 0; k < 1_000; k++) {
                    for (int i = 0; i < buffer.length; i++) {
                        buffer[i] = (float) Math.sin(0.01 * (k * 512 + i));
                    }
                    p.process(e);
                }
            };
            long bytes = new AllocationMeter().allocatedOnceCompiled(blocks, 30_000_000_000L);
            assertEquals(0, bytes, "bytes allocated by 1000 stereo buffers once compiled");
        }
    }

    @Test
    void aChainThatChangesTheChannelCountIsRefusedBeforeAnythingIsPrepared() throws Exception {
        Path ir = TestWav.write16(dir.resolve("stereo.wav"), new float[][] {{0.5f, 0.25f}, {0.25f, 0.5f}}, RATE);
        java.util.concurrent.atomic.AtomicInteger prepares = new java.util.concurrent.atomic.AtomicInteger();
        try (PluginChain chain = new PluginChain(java.util.List.of(new CountingPrepare(prepares),
                chains.build("convolver(ir=\"" + ir + "\")").get(0)))) {
            ResourceException e = org.junit.jupiter.api.Assertions.assertThrows(ResourceException.class,
                    () -> new ChainAudioProcessor(chain, RATE, 64).prepare());
            assertEquals("cannot run the chain in a TarsosDSP pipeline of 1 channel(s): it gives 2 (1 -> counting -> 1"
                    + " -> convolver -> 2), and a TarsosDSP buffer keeps its format's channel count", e.getMessage());
            assertEquals(0, prepares.get(), "nothing prepared");
        }
    }

    @Test
    void aStereoBufferOfPartFramesIsRefused() {
        try (PluginChain chain = chains.build("gain")) {
            ChainAudioProcessor p = new ChainAudioProcessor(chain, RATE, 64, 2).prepare();
            AudioEvent e = new AudioEvent(new be.tarsos.dsp.io.TarsosDSPAudioFormat(RATE, 16, 1, true, false));
            e.setFloatBuffer(new float[101]);
            IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> p.process(e));
            assertTrue(refused.getMessage().contains("length 101"), refused.getMessage());
        }
    }

    @Test
    void buffersLongerThanThePreparedBlockAreSplit() {
        try (PluginChain chain = chains.build("gain(db=-6.0206)")) {
            ChainAudioProcessor p = new ChainAudioProcessor(chain, RATE, 16).prepare();
            AudioEvent e = new AudioEvent(new be.tarsos.dsp.io.TarsosDSPAudioFormat(RATE, 16, 1, true, false));
            float[] buffer = new float[100];
            java.util.Arrays.fill(buffer, 1f);
            e.setFloatBuffer(buffer);
            e.setOverlap(10);
            p.process(e);
            assertEquals(1f, buffer[9], 0, "overlap untouched");
            // -6.0206 dB = 0.5 within 1e-5.
            assertEquals(0.5f, buffer[10], 1e-5);
            assertEquals(0.5f, buffer[99], 1e-5);
        }
    }

    @Test
    void constructionPreparesNothingAndProcessingUnpreparedIsRefused() {
        java.util.concurrent.atomic.AtomicInteger prepares = new java.util.concurrent.atomic.AtomicInteger();
        try (PluginChain chain = new PluginChain(java.util.List.of(new CountingPrepare(prepares)))) {
            ChainAudioProcessor p = new ChainAudioProcessor(chain, RATE, 16);
            assertEquals(0, prepares.get(), "the constructor prepares nothing");
            AudioEvent e = new AudioEvent(new be.tarsos.dsp.io.TarsosDSPAudioFormat(RATE, 16, 1, true, false));
            e.setFloatBuffer(new float[16]);
            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> p.process(e));
            assertTrue(refused.getMessage().contains("prepare()"), refused.getMessage());
            p.prepare();
            assertEquals(1, prepares.get(), "prepare() prepares once");
            p.process(e);
        }
    }

    @Test
    void prepareThatThePluginRefusesIsAResourceException() {
        try (RefusingPrepare plugin = new RefusingPrepare()) {
            ChainAudioProcessor p = new ChainAudioProcessor(plugin, RATE, 16);
            ResourceException e = org.junit.jupiter.api.Assertions.assertThrows(ResourceException.class, p::prepare);
            assertTrue(e.getMessage().contains("cannot run the chain at 44100 Hz") && e.getMessage().contains("refused"),
                    e.getMessage());
        }
    }

    /** A pass-through plugin counting its prepare calls. */
    private static final class CountingPrepare extends dev.convstream.plugin.AbstractAudioPlugin {
        private final java.util.concurrent.atomic.AtomicInteger prepares;

        CountingPrepare(java.util.concurrent.atomic.AtomicInteger prepares) {
            super(dev.convstream.plugin.PluginDescriptor.of("counting", "Counting", "1"));
            this.prepares = prepares;
        }

        @Override
        public void prepare(dev.convstream.plugin.ProcessSpec spec) {
            prepares.incrementAndGet();
        }

        @Override
        public void process(dev.convstream.plugin.AudioBlock block) {
        }

        @Override
        public void reset() {
        }
    }

    /** Refuses every spec, as a plugin whose model was trained at another rate does. */
    private static final class RefusingPrepare extends dev.convstream.plugin.AbstractAudioPlugin {
        RefusingPrepare() {
            super(dev.convstream.plugin.PluginDescriptor.of("refusing", "Refusing", "1"));
        }

        @Override
        public void prepare(dev.convstream.plugin.ProcessSpec spec) {
            throw new IllegalArgumentException("model x.nam refused");
        }

        @Override
        public void process(dev.convstream.plugin.AudioBlock block) {
        }

        @Override
        public void reset() {
        }
    }
}
