package dev.convstream.live.javasound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.live.LiveEngine;
import dev.convstream.live.SampleFormat;
import dev.convstream.live.StreamInfo;
import dev.convstream.live.latency.DelayFinder;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugins.dcblock.DcBlockPlugin;
import dev.convstream.plugins.gain.GainPlugin;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Test;

/**
 * The Java Sound audio loop on in-memory lines that keep a device's time ({@link FakeLines}):
 * float32 stereo end to end, stale input never played, no allocation per period, xruns counted
 * when the capture stalls.
 */
class JavaSoundStreamTest {

    private static final int RATE = 48_000;
    private static final int BLOCK = 256;
    /** Silence before the signal: the stream's start-up (calibration 0.75 s, priming) hears only silence. */
    private static final int LEAD = (int) (1.6 * RATE);

    private static PluginChain chain() {
        GainPlugin gain = new GainPlugin();
        gain.parameters().get("db").set(-6);
        return new PluginChain(List.of(gain, new DcBlockPlugin()));
    }

    private static JavaSoundStream stream(LiveEngine engine, FakeLines.Capture capture, FakeLines.Playback playback,
                                          SampleFormat format, int latencyFrames) {
        engine.prepare(RATE, BLOCK, capture.getFormat().getChannels(), playback.getFormat().getChannels());
        JavaSoundStream.StreamPlan plan = new JavaSoundStream.StreamPlan(BLOCK, 144, latencyFrames, RATE / 4);
        return new JavaSoundStream(engine, capture, playback::opened, playback.getFormat(), plan,
                new StreamInfo("javasound", "fake", "fake", RATE, BLOCK, capture.getFormat().getChannels(),
                        playback.getFormat().getChannels(), format.id(), 0));
    }

    private static float[][] signal(int frames) {
        Random r = new Random(17);
        float[][] x = new float[2][LEAD + frames];
        for (int i = 0; i < frames; i++) {
            x[0][LEAD + i] = (float) (0.4 * Math.sin(0.03 * i) + 0.1 + 0.05 * r.nextGaussian());
            x[1][LEAD + i] = (float) (0.3 * Math.sin(0.11 * i) - 0.1 + 0.05 * r.nextGaussian());
        }
        return x;
    }

    /**
     * Float32 stereo: what the playback line received equals the chain run offline on the
     * capture's signal, exactly (float in, float out, the same float arithmetic), once aligned;
     * the 0.75 full-scale marker the capture line held from before its start is nowhere in it.
     */
    @Test
    void float32StereoPlaysTheOfflineChainAndNoStaleInput() throws Exception {
        AudioFormat f32 = SampleFormat.F32.toAudioFormat(RATE, 2);
        float[][] in = signal(RATE / 2);
        FakeLines.Capture capture = new FakeLines.Capture(f32, RATE, in, RATE / 4, 0.75f, Long.MAX_VALUE, 0);
        FakeLines.Playback playback = new FakeLines.Playback(f32, 4 * RATE, 6 * RATE);
        float[][] out;
        try (PluginChain chain = chain()) {
            LiveEngine engine = new LiveEngine(chain);
            // 100 ms of headroom: on a loaded machine the test's own threads can be late; this
            // test is about samples, the stall test below about xruns.
            JavaSoundStream s = stream(engine, capture, playback, SampleFormat.F32, RATE / 10);
            s.begin();
            Thread.sleep(1_500);
            assertNull(s.failure());
            assertEquals(0, engine.xruns(), "xruns on a steady device");
            s.close();
            out = playback.writtenSamples();
        }
        float[][] expected = offline(in);
        for (float[] channel : out) {
            for (float x : channel) {
                assertTrue(Math.abs(x - 0.75f * 0.5f) > 1e-3f, "the stale marker (after the chain) was played");
            }
        }
        float[] head = java.util.Arrays.copyOfRange(expected[0], LEAD, LEAD + RATE / 2);
        int at = DelayFinder.find(head, out[0], out[0].length - head.length).frames();
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < head.length; i++) {
                assertEquals(expected[c][LEAD + i], out[c][at + i], 0f, "channel " + c + " frame " + i);
            }
        }
    }

    /**
     * A sound server that moves audio in quanta of 38 ms (seven blocks: capture arrives and
     * playback is consumed only at quantum boundaries, as on PulseAudio's virtual card) and starts
     * playing a new stream 0.6 s after its first write: priming waits out the late start (the
     * line plays before the stream goes live) and then ends because the line takes blocks at its
     * pace, not at its 5 s timeout, which a criterion of writes within one period always ran to.
     */
    @Test
    void primingWaitsOutALateStartThenEndsAtTheServersPace() throws Exception {
        AudioFormat f32 = SampleFormat.F32.toAudioFormat(RATE, 2);
        FakeLines.Capture capture = new FakeLines.Capture(f32, RATE, signal(RATE / 2), 0, 0f, Long.MAX_VALUE, 0);
        capture.quantumNanos = 38_000_000;
        FakeLines.Playback playback = new FakeLines.Playback(f32, 4 * RATE, 12 * RATE);
        playback.quantumNanos = 38_000_000;
        playback.startDelayNanos = 600_000_000;
        playback.sizedByOpen = true;
        try (PluginChain chain = chain()) {
            LiveEngine engine = new LiveEngine(chain);
            JavaSoundStream s = stream(engine, capture, playback, SampleFormat.F32, 0);
            s.begin();
            long playedAtStart = playback.getLongFramePosition();
            assertNull(s.failure());
            assertFalse(s.primeTimedOut(), "priming ran to its timeout");
            assertTrue(playedAtStart > 0, "live before the line started playing");
            s.close();
        }
    }

    /**
     * The audio thread allocates nothing per period: its counter (ThreadMXBean) does not move in
     * the cleanest of three 300 ms windows (one may hold the JIT's on-stack replacement of the
     * loop, a few dozen bytes once per JVM; an allocation per period shows in all three).
     */
    @Test
    void theLoopAllocatesNothingPerPeriod() throws Exception {
        AudioFormat s24 = SampleFormat.S24.toAudioFormat(RATE, 1);
        FakeLines.Capture capture = new FakeLines.Capture(s24, RATE, signal(4 * RATE), 0, 0, Long.MAX_VALUE, 0);
        FakeLines.Playback playback = new FakeLines.Playback(SampleFormat.S24.toAudioFormat(RATE, 2), 4 * RATE,
                8 * RATE);
        try (PluginChain chain = chain()) {
            LiveEngine engine = new LiveEngine(chain);
            JavaSoundStream s = stream(engine, capture, playback, SampleFormat.S24, 2 * BLOCK);
            s.begin();
            Thread audio = null;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("convstream-javasound-audio")) {
                    audio = t;
                }
            }
            com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long least = Long.MAX_VALUE;
            long before = engine.callbacks();
            for (int w = 0; w < 3; w++) {
                long b = bean.getThreadAllocatedBytes(audio.getId());
                Thread.sleep(300);
                least = Math.min(least, bean.getThreadAllocatedBytes(audio.getId()) - b);
            }
            assertTrue(engine.callbacks() - before > 100, "periods run: " + (engine.callbacks() - before));
            s.close();
            assertEquals(0, least, "bytes allocated by the audio thread in its cleanest 300 ms");
        }
    }

    /**
     * A capture that stalls for 150 ms (a sound server hiccup): the playback queue runs dry and
     * the blocks arrive late all at once; both are counted as xruns, the backlog is dropped, and
     * the stream goes on with its latency where it was (the playback queue back to its headroom).
     */
    @Test
    void aCaptureStallIsCountedAndItsBacklogDropped() throws Exception {
        AudioFormat s16 = SampleFormat.S16.toAudioFormat(RATE, 1);
        FakeLines.Capture capture = new FakeLines.Capture(s16, RATE, signal(3 * RATE), 0, 0,
                2_000_000_000L, 150_000_000L);
        FakeLines.Playback playback = new FakeLines.Playback(s16, 4 * RATE, 8 * RATE);
        try (PluginChain chain = chain()) {
            LiveEngine engine = new LiveEngine(chain);
            JavaSoundStream s = stream(engine, capture, playback, SampleFormat.S16, 2 * BLOCK);
            s.begin();
            Thread.sleep(2_600);
            assertTrue(s.isRunning(), "still running after the stall");
            assertTrue(engine.xruns() >= 1, "xruns counted: " + engine.xruns());
            assertTrue(playback.underrunFrames() > 0, "the fake device did run dry");
            int queued = (playback.getBufferSize() - playback.available()) / s16.getFrameSize();
            // Headroom, the block being played and the next, and what the catch-up leaves: up to
            // the measured jitter. Without the catch-up the 150 ms (7200 frames) would stay queued.
            long bound = s.headroomFrames() + 2L * BLOCK + Math.round(s.jitterNanos() * RATE / 1e9);
            s.close();
            assertTrue(queued <= bound, "queue back at its headroom after the stall: " + queued + " <= " + bound);
        }
    }

    /**
     * A chain that stalls, every few blocks, for longer than the playback queue holds (the
     * headroom measured at start plus three blocks): each stall runs the output dry. The
     * headroom grows after repeated dropouts, by reopening the playback line with a larger
     * buffer, until the stalls fit; never past the plan's most; and not at all under a latency
     * target.
     */
    @Test
    void repeatedDropoutsGrowTheHeadroomUpToThePlansMost() throws Exception {
        Grown free = runWithHiccups(-1, RATE / 4, 64, -1, g -> g.growths() >= 1);
        assertTrue(free.growths() >= 1 && free.headroom() > free.initial(), "the headroom grew: " + free);
        assertTrue(free.headroom() <= RATE / 4, "within the plan's most: " + free);
        assertEquals(free.growths() + 1, free.lines(), "one playback line per step: " + free);
        assertEquals(2L * BLOCK + free.headroom(), free.latency(), "the status line's latency follows: " + free);

        // 100 ms stalls every 16 blocks against a most of 3,000 frames (62.5 ms): it grows to the most and stops.
        Grown capped = runWithHiccups(-1, 3_000, 16, 100_000_000L, g -> g.headroom() >= 3_000);
        assertEquals(3_000, capped.headroom(), "stops at the plan's most: " + capped);

        Grown fixed = runWithHiccups(2 * BLOCK, RATE / 4, 64, -1, g -> g.xruns() >= 3);
        assertTrue(fixed.xruns() >= 2, "the stalls were dropouts: " + fixed);
        assertEquals(0, fixed.growths(), "a latency target is kept: " + fixed);
        assertEquals(2 * BLOCK, fixed.headroom());
    }

    /** Far beyond the 1 to 2 s the conditions take on an idle machine. */
    private static final long HICCUP_DEADLINE_NANOS = 30_000_000_000L;

    record Grown(int initial, int headroom, int growths, int lines, long latency, long xruns) {
    }

    /**
     * Runs until {@code done} holds (or {@link #HICCUP_DEADLINE_NANOS}), then stops the stream and
     * reads its state: waiting on the condition, not a fixed time, because a loaded machine may
     * need longer for the dropouts to repeat; stopping first, so no growth is half-way when read.
     *
     * @param stallNanos how long each stall lasts, or -1 for the starting queue plus three blocks
     */
    private static Grown runWithHiccups(int latencyFrames, int maxPrefill, int every, long stallNanos,
            java.util.function.Predicate<Grown> done) throws Exception {
        AudioFormat s16 = SampleFormat.S16.toAudioFormat(RATE, 1);
        FakeLines.Capture capture = new FakeLines.Capture(s16, RATE, signal(8 * RATE), 0, 0, Long.MAX_VALUE, 0);
        List<FakeLines.Playback> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Hiccup hiccup = new Hiccup(every);
        try (PluginChain chain = new PluginChain(List.of(hiccup))) {
            LiveEngine engine = new LiveEngine(chain);
            engine.prepare(RATE, BLOCK, 1, 1);
            JavaSoundStream.StreamPlan plan = new JavaSoundStream.StreamPlan(BLOCK, 144, latencyFrames,
                    Math.max(maxPrefill, latencyFrames));
            JavaSoundStream s = new JavaSoundStream(engine, capture, frames -> {
                FakeLines.Playback p = new FakeLines.Playback(s16, frames, 8 * RATE);
                lines.add(p);
                return p;
            }, s16, plan, new StreamInfo("javasound", "fake", "fake", RATE, BLOCK, 1, 1, "s16", 0));
            s.begin();
            int initial = s.headroomFrames();
            hiccup.stallNanos = stallNanos >= 0 ? stallNanos : Math.round((initial + 3 * BLOCK) * 1e9 / RATE);
            long deadline = System.nanoTime() + HICCUP_DEADLINE_NANOS;
            while (!done.test(snapshot(initial, s, lines, engine)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertNull(s.failure());
            s.close();
            return snapshot(initial, s, lines, engine);
        }
    }

    private static Grown snapshot(int initial, JavaSoundStream s, List<FakeLines.Playback> lines, LiveEngine engine) {
        return new Grown(initial, s.headroomFrames(), s.headroomGrowths(), lines.size(), s.info().latencyFrames(),
                engine.xruns());
    }

    /** Passes audio through, and parks the audio thread for {@code stallNanos} every {@code every} blocks. */
    private static final class Hiccup extends dev.convstream.plugin.AbstractAudioPlugin {
        private final int every;
        volatile long stallNanos;
        private int blocks;

        Hiccup(int every) {
            super(dev.convstream.plugin.PluginDescriptor.of("hiccup", "Hiccup", "1"));
            this.every = every;
        }

        @Override
        public void prepare(ProcessSpec spec) {
            blocks = 0;
        }

        @Override
        public void process(AudioBlock block) {
            long stall = stallNanos;
            if (++blocks % every == 0 && stall > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(stall);
            }
        }

        @Override
        public void reset() {
        }
    }

    private static float[][] offline(float[][] in) {
        float[][] x = {in[0].clone(), in[1].clone()};
        try (PluginChain chain = chain()) {
            chain.prepare(new ProcessSpec(RATE, BLOCK, 2));
            AudioBlock view = new AudioBlock();
            for (int pos = 0; pos < x[0].length; pos += BLOCK) {
                chain.process(view.set(x, pos, Math.min(BLOCK, x[0].length - pos)));
            }
        }
        return x;
    }
}
