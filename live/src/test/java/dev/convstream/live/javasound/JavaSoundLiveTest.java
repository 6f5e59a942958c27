package dev.convstream.live.javasound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.host.ChainBuilder;
import dev.convstream.host.HostInjector;
import dev.convstream.live.LiveEngine;
import dev.convstream.live.LiveSession;
import dev.convstream.live.SampleFormat;
import dev.convstream.live.StatusLine;
import dev.convstream.live.StreamInfo;
import dev.convstream.live.StreamRequest;
import dev.convstream.live.VirtualAudio;
import dev.convstream.live.latency.DelayFinder;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.testing.TestWav;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Java Sound backend end to end on the virtual sound card (PulseAudio behind ALSA's
 * default device, float32 at 44.1 kHz): what it plays equals the chain run offline on what the
 * microphone was fed; nothing captured before the stream started is played; the audio thread
 * allocates nothing; the status line carries its fields. Skipped without the virtual card.
 *
 * <p>Float32 lines: Java Sound's ALSA devices list integer formats only (its
 * {@code DirectAudioDevice} has no float conversion), so float32 on the wire is tested on
 * in-memory lines ({@link JavaSoundStreamTest}) and 16/24/32-bit integers here.
 */
@Tag("live")
class JavaSoundLiveTest {

    private static final int RATE = VirtualAudio.RATE;
    private static final String CHAIN = "gain(db=-6) -> dcblock(cutoff=20)";
    /** Frames compared at a time: 46 ms at 44.1 kHz. */
    private static final int WINDOW = 2048;

    @TempDir
    Path dir;

    private final ChainBuilder chains = HostInjector.create(JavaSoundLiveTest.class.getClassLoader())
            .getInstance(ChainBuilder.class);

    /**
     * Stereo at 44.1 kHz, 24 and 32-bit: recorded speaker output, aligned by cross-correlation
     * (the device latency is unknown), equals the chain run offline on the fed input quantised as
     * the line carries it. Tolerance 1e-6: the two quantisations (24-bit: 6e-8 each; PulseAudio
     * scales by 2^23-1 where we divide by 2^23, 1.2e-7 relative) and float rounding in the
     * dcblock recursion, with room; a wrong or swapped channel, a wrong byte layout or a 16-bit
     * path (3e-5) fail every window.
     *
     * <p>Compared window by window (2048 frames, each aligned near the previous one), and 70%
     * of the windows must match: on a loaded machine the virtual card itself drops out (seen:
     * 50-130 ms stalls of PulseAudio's streams every second or two with 8 builds sharing two
     * cores, in a plain read-write loop without convstream too), and a window across a dropout
     * cannot match. On an idle machine every window matches.
     */
    @ParameterizedTest
    @EnumSource(value = SampleFormat.class, names = {"S24", "S32"})
    void stereoOutputEqualsTheOfflineChain(SampleFormat format) throws Exception {
        VirtualAudio.assumeRunning();
        float[][] fed = testSignal(2 * RATE, 7);
        Path wav = TestWav.write(dir.resolve("fed.wav"), fed,
                new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, RATE, 32, 2, 8, RATE, false), AudioFileFormat.Type.WAVE);
        float[][] recorded;
        long xruns;
        try (PluginChain chain = chains.build(CHAIN)) {
            LiveEngine engine = new LiveEngine(chain);
            VirtualAudio.Recorder rec = VirtualAudio.recordSpeaker(dir.resolve("spk.raw"));
            try (LiveSession s = new JavaSoundBackend().start(new StreamRequest(null, null, RATE, 256, 2, 2, 150,
                    true, format), engine)) {
                assertEquals(format.id() + " (" + format.name().substring(1) + "-bit integer)", s.info().format());
                Thread.sleep(300);
                VirtualAudio.playIntoMicrophone(wav);
                Thread.sleep(600);
                assertNull(s.failure(), "audio thread failure");
                xruns = engine.xruns();
            } finally {
                recorded = rec.stop();
            }
        }
        float[][] expected = offline(quantise(fed, format), 256);
        int windows = expected[0].length / WINDOW;
        int matched = 0;
        int lag = -1;
        double worst = 0;
        for (int w = 0; w < windows; w++) {
            int from = w * WINDOW;
            float[] piece = java.util.Arrays.copyOfRange(expected[0], from, from + WINDOW);
            // The first window is searched for in the whole recording; the next ones near the last lag.
            int lo = lag < 0 ? 0 : Math.max(0, lag + from - RATE / 2);
            int hi = lag < 0 ? recorded[0].length : Math.min(recorded[0].length, lag + from + RATE);
            DelayFinder.Delay d = DelayFinder.find(piece, java.util.Arrays.copyOfRange(recorded[0], lo, hi), hi - lo - WINDOW);
            int at = lo + d.frames();
            double err = 0;
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < WINDOW; i++) {
                    err = Math.max(err, Math.abs(recorded[c][at + i] - expected[c][from + i]));
                }
            }
            if (err < 1e-6) {
                matched++;
                lag = at - from;
                worst = Math.max(worst, err);
            }
        }
        System.out.printf(java.util.Locale.ROOT, "javasound %s: %d of %d windows equal the offline chain (max error %.3g), xruns %d%n",
                format, matched, windows, worst, xruns);
        assertTrue(matched >= 0.7 * windows, matched + " of " + windows + " windows of " + WINDOW
                + " frames equal the offline chain within 1e-6 (xruns " + xruns + ")");
    }

    /**
     * The microphone hears a tone while the chain is prepared (a 1.5 s stand-in for a model's
     * JIT warm-up), and silence from the end of prepare on. The lines are open and running
     * meanwhile (the devices start while the chain prepares): a stream that played what it
     * captured then (as once: seconds of warm-up piled up as captured audio) would play up to
     * 1.5 s of tone; every block captured before the chain's hand-over is dropped, so the output
     * may hold only what was still on its way to the microphone when prepare ended: the
     * feeder's 20 ms lead and pacat's 20 ms buffer, and PulseAudio's own; 0.2 s bounds that with
     * room and is far below the 1.5 s of the fault.
     */
    @Test
    void noAudioCapturedBeforeStartIsPlayed() throws Exception {
        VirtualAudio.assumeRunning();
        float[][] recorded;
        VirtualAudio.Feeder tone = VirtualAudio.feedMicrophone(0.3f);
        try (PluginChain chain = chains.build("gain(db=0)")) {
            LiveEngine engine = new LiveEngine(new SlowToPrepare(chain, 1_500, tone::silence));
            VirtualAudio.Recorder rec = VirtualAudio.recordSpeaker(dir.resolve("spk.raw"));
            try (LiveSession s = new JavaSoundBackend().start(new StreamRequest(null, null, RATE, 256, 1, 2, 50, true),
                    engine)) {
                Thread.sleep(1_500);
            } finally {
                recorded = rec.stop();
            }
        } finally {
            tone.stop();
        }
        int loud = 0;
        for (float x : recorded[0]) {
            if (Math.abs(x) > 0.05) {
                loud++;
            }
        }
        // A sine of peak 0.3 is above 0.05 for this fraction of the time.
        double fractionAbove = 1 - 2 / Math.PI * Math.asin(0.05 / 0.3);
        double toneSeconds = loud / (double) RATE / fractionAbove;
        System.out.printf(java.util.Locale.ROOT, "javasound: %.3f s of tone in the output%n", toneSeconds);
        assertTrue(toneSeconds < 0.2, "output held " + toneSeconds + " s of the tone fed before start");
    }

    /**
     * The audio thread allocates nothing once running: its allocated-bytes counter does not
     * move over a second of a live stream (measured from this thread through ThreadMXBean).
     * The status line meanwhile carries block, latency, load, xruns and both levels.
     */
    @Test
    void theAudioThreadAllocatesNothingAndTheStatusLineCarriesItsFields() throws Exception {
        VirtualAudio.assumeRunning();
        try (PluginChain chain = chains.build(CHAIN)) {
            LiveEngine engine = new LiveEngine(chain);
            try (LiveSession s = new JavaSoundBackend().start(new StreamRequest(null, null, 0, 256, 0, 0, 100, true),
                    engine)) {
                StreamInfo info = s.info();
                assertEquals("javasound", info.backend());
                assertEquals(1, info.inputChannels(), "Java Sound's default capture: mono");
                assertEquals(2, info.outputChannels(), "Java Sound's default playback: stereo");
                Thread.sleep(500);
                Thread audio = audioThread();
                com.sun.management.ThreadMXBean bean =
                        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                // Three windows of a second; the least must be 0. Why not one: when the JIT
                // replaces the running loop with its compiled version (on-stack replacement),
                // the switch allocates a few dozen bytes once per JVM (AllocationMeter says more);
                // an allocation of the loop itself would show in every window.
                long least = Long.MAX_VALUE;
                long ran = 0;
                for (int w = 0; w < 3; w++) {
                    long before = bean.getThreadAllocatedBytes(audio.getId());
                    long callbacks = engine.callbacks();
                    Thread.sleep(1_000);
                    least = Math.min(least, bean.getThreadAllocatedBytes(audio.getId()) - before);
                    ran += engine.callbacks() - callbacks;
                }
                // 562 periods in 3 s; fewer when the virtual card stalls on a loaded machine.
                assertTrue(ran > 150, "the stream ran " + ran + " periods in 3 s");
                assertEquals(0, least, "bytes the audio thread allocated in the cleanest second of " + ran + " periods");
                String line = new StatusLine(s).next();
                assertTrue(line.matches("block 256 \\| latency \\d+\\.\\d ms \\| load p50 \\d+% p99 \\d+% \\| xruns \\d+"
                        + " \\| in (-inf|-?\\d+\\.\\d) dBFS \\| out (-inf|-?\\d+\\.\\d) dBFS"), line);
                assertTrue(line.contains(String.format(java.util.Locale.ROOT, "latency %.1f ms", s.info().latencyMillis())), line);
            }
        }
    }

    /**
     * A chain that refuses the stream in its prepare, 0.5 s in, while the lines already run
     * (the devices start beside the prepare): the backend's start fails with the chain's error,
     * the audio thread is stopped and the lines closed (a second stream opens them again at once).
     */
    @Test
    void aChainThatRefusesTheStreamStopsTheDevicesThatStartedBesideIt() throws Exception {
        VirtualAudio.assumeRunning();
        StreamRequest request = new StreamRequest(null, null, RATE, 256, 1, 2, 50, true);
        try (PluginChain chain = chains.build("gain(db=0)")) {
            LiveEngine engine = new LiveEngine(new SlowToPrepare(chain, 500, () -> {
                assertTrue(audioThreadAlive(), "the devices were starting while the chain prepared");
                throw new IllegalArgumentException("this chain cannot run at " + RATE + " Hz");
            }));
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new JavaSoundBackend().start(request, engine));
            assertTrue(e.getMessage().contains("cannot run"), e.getMessage());
            assertTrue(!audioThreadAlive(), "the audio thread still runs after the start failed");
        }
        try (PluginChain chain = chains.build("gain(db=0)");
             LiveSession s = new JavaSoundBackend().start(request, new LiveEngine(chain))) {
            assertTrue(s.isRunning(), "a stream after the failed one");
        }
    }

    private static boolean audioThreadAlive() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("convstream-javasound-audio") && t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    private static Thread audioThread() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("convstream-javasound-audio")) {
                return t;
            }
        }
        throw new AssertionError("no audio thread running");
    }

    /** Stereo: a tone, noise and a DC offset per channel, different on each (a swap would show). */
    static float[][] testSignal(int frames, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[2][frames];
        for (int i = 0; i < frames; i++) {
            double t = i / (double) RATE;
            x[0][i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * t) + 0.1 + 0.05 * r.nextGaussian());
            x[1][i] = (float) (0.25 * Math.sin(2 * Math.PI * 1234 * t) - 0.05 + 0.05 * r.nextGaussian());
        }
        return x;
    }

    /** What the capture line delivers of {@code x}: the format's integer grid. */
    private static float[][] quantise(float[][] x, SampleFormat format) {
        double full = Math.pow(2, format.toAudioFormat(RATE, 1).getSampleSizeInBits() - 1);
        float[][] q = new float[x.length][];
        for (int c = 0; c < x.length; c++) {
            q[c] = new float[x[c].length];
            for (int i = 0; i < q[c].length; i++) {
                q[c][i] = (float) (Math.round(x[c][i] * full) / full);
            }
        }
        return q;
    }

    private float[][] offline(float[][] in, int block) {
        float[][] x = new float[in.length][];
        for (int c = 0; c < in.length; c++) {
            x[c] = in[c].clone();
        }
        try (PluginChain chain = chains.build(CHAIN)) {
            chain.prepare(new ProcessSpec(RATE, block, in.length));
            AudioBlock view = new AudioBlock();
            for (int pos = 0; pos < x[0].length; pos += block) {
                chain.process(view.set(x, pos, Math.min(block, x[0].length - pos)));
            }
        }
        return x;
    }
}
