package dev.convstream.live.javasound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.live.LiveEngine;
import dev.convstream.live.SampleFormat;
import dev.convstream.live.StreamInfo;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugins.gain.GainPlugin;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Test;

/**
 * The order of a Java Sound stream's start on in-memory lines ({@link FakeLines}): the devices
 * get ready (stale input dropped, jitter measured, playback primed through a sound server's late
 * start) on the audio thread while the main thread still prepares the chain; the stream goes live
 * only once both are done; no sample captured before the chain's hand-over is played, nor any
 * older than the measured jitter plus two periods when the stream goes live.
 *
 * <p>How "captured before" is told: the capture line delivers a ramp, frame {@code i} (counted
 * from the line's start) carrying {@code (i + 1) / 2^20}, exact in float32, through a 0 dB gain
 * (a multiplication by 1, exact); the first non-zero sample played names the frame, and the fake
 * line's start time and rate give the moment it was captured.
 */
class JavaSoundStreamStartTest {

    private static final int RATE = 48_000;
    private static final int BLOCK = 256;
    /** The ramp's step: frame i carries (i + 1) * STEP; 2^-20 keeps 4 s of frames exact in float32. */
    private static final float STEP = 1f / (1 << 20);
    /** PulseAudio's late start of a new playback stream on the virtual card (docs/live.md). */
    private static final long LATE_START_NANOS = 600_000_000L;
    /**
     * Slack for "captured before go-live": the arrival clock's grid is the earliest arrival,
     * which on these lines is late by at most one poll of the fake line (0.2 ms) plus the
     * scheduling of the reading thread; 2 ms (a tenth of the 5.3 ms period) bounds both with
     * room, and a block captured before go-live (5.3 ms of it) still fails.
     */
    private static final long FRESH_SLACK_NANOS = 2_000_000L;

    private record Rig(FakeLines.Capture capture, FakeLines.Playback playback, LiveEngine engine,
                       JavaSoundStream stream, PluginChain chain) implements AutoCloseable {
        @Override
        public void close() {
            stream.close();
            chain.close();
        }
    }

    /** Mono float32 lines: the capture delivers the ramp, the playback starts late and is sized by the stream. */
    private static Rig rig() {
        return rig(true);
    }

    /** As {@link #rig()}, with a stream constructed without the engine (given at the hand-over). */
    private static Rig rigWithoutEngine() {
        return rig(false);
    }

    private static Rig rig(boolean engineAtConstruction) {
        AudioFormat f32 = SampleFormat.F32.toAudioFormat(RATE, 1);
        float[][] ramp = new float[1][8 * RATE];
        for (int i = 0; i < ramp[0].length; i++) {
            ramp[0][i] = (i + 1) * STEP;
        }
        FakeLines.Capture capture = new FakeLines.Capture(f32, RATE, ramp, RATE / 4, 0.75f, Long.MAX_VALUE, 0);
        FakeLines.Playback playback = new FakeLines.Playback(f32, 4 * RATE, 12 * RATE);
        playback.startDelayNanos = LATE_START_NANOS;
        playback.sizedByOpen = true;
        PluginChain chain = new PluginChain(List.of(new GainPlugin()));
        LiveEngine engine = new LiveEngine(chain);
        JavaSoundStream.StreamPlan plan = new JavaSoundStream.StreamPlan(BLOCK, 144, -1, RATE / 4);
        JavaSoundStream stream = new JavaSoundStream(engineAtConstruction ? engine : null, capture,
                playback::opened, f32, plan, new StreamInfo("javasound", "fake", "fake", RATE, BLOCK, 1, 1, "f32", 0));
        return new Rig(capture, playback, engine, stream, chain);
    }

    /** The capture frame of the first non-zero sample played, or -1 when none was. */
    private static long firstPlayedFrame(FakeLines.Playback playback) {
        for (float x : playback.writtenSamples()[0]) {
            if (x != 0f) {
                return Math.round(x / STEP) - 1;
            }
        }
        return -1;
    }

    /**
     * The oldest the first block played may be when the stream goes live: the measured jitter,
     * the block itself and the one read to check it (catch-up), and 20 ms for the scheduling of
     * the test's threads on a loaded machine.
     */
    private static long maxAgeNanos(JavaSoundStream s) {
        return s.jitterNanos() + 2L * BLOCK * 1_000_000_000L / RATE + 20_000_000L;
    }

    /** When the capture line captured {@code frame} (System.nanoTime): its start plus the frame's time. */
    private static long capturedAt(FakeLines.Capture capture, long frame) {
        return capture.startNanos + Math.round(frame * 1e9 / RATE);
    }

    /**
     * The chain takes 2.5 s to prepare (a model's JIT warm-up, stood in for): meanwhile the
     * devices get ready, playback primed through its 0.6 s late start, without the engine having
     * run once; the stream goes live after the hand-over, and the first sample played was
     * captured after it, not in the seconds the lines were open before.
     */
    @Test
    void theDevicesGetReadyWhileTheChainPreparesAndNothingCapturedBeforeIsPlayed() throws Exception {
        try (Rig r = rig()) {
            long opened = System.nanoTime();
            r.stream().open();
            r.engine().prepare(RATE, BLOCK, 1, 1);
            assertTrue(r.stream().awaitDevicesReady(10_000),
                    "the devices got ready while the chain was not handed over");
            assertEquals(0, r.engine().callbacks(), "the engine ran before the hand-over");
            assertTrue(r.playback.getLongFramePosition() > 0,
                    "primed: the playback line plays (its late start is over)");
            long wait = opened + 2_500_000_000L - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000);
            }
            assertTrue(r.stream().devicesReadyNanos() < System.nanoTime(), "devices ready before the chain");
            r.stream().goLive();
            assertNull(r.stream().failure());
            assertTrue(r.stream().liveNanos() >= r.stream().chainReadyNanos(), "live after the hand-over");
            Thread.sleep(500);
            assertTrue(r.engine().callbacks() > 20, "blocks processed once live: " + r.engine().callbacks());
            r.stream().close();
            long first = firstPlayedFrame(r.playback());
            assertTrue(first >= 0, "the ramp was played");
            long lateBy = r.stream().chainReadyNanos() - capturedAt(r.capture(), first);
            assertTrue(lateBy <= FRESH_SLACK_NANOS, "the first sample played was captured "
                    + lateBy / 1e6 + " ms before go-live (the chain's hand-over)");
            // Not more dropped than needed either: the first block played is at most the measured
            // jitter plus two blocks older than the moment it was read after going live.
            long age = r.stream().liveNanos() - capturedAt(r.capture(), first);
            assertTrue(age <= maxAgeNanos(r.stream()), "first block played was captured " + age / 1e6
                    + " ms before going live");
        }
    }

    /**
     * A chain that is ready at once (a gain): the stream goes live only once the devices are
     * ready (the late start waited out, priming ended at the line's pace), and the first sample
     * played is no older than the measured jitter plus two periods when it goes live (the
     * backlog of the start is dropped), nor older than the hand-over.
     */
    @Test
    void goLiveWaitsForTheDevicesWhenTheChainIsReadyFirst() throws Exception {
        try (Rig r = rig()) {
            r.stream().open();
            r.engine().prepare(RATE, BLOCK, 1, 1);
            r.stream().goLive();
            assertNull(r.stream().failure());
            assertTrue(r.stream().chainReadyNanos() < r.stream().devicesReadyNanos(), "the chain was ready first");
            assertTrue(r.stream().liveNanos() >= r.stream().devicesReadyNanos(), "live only once the devices are");
            assertFalse(r.stream().primeTimedOut(), "priming ended at the line's pace, not its timeout");
            assertTrue(r.playback().getLongFramePosition() > 0, "the line played before the stream went live");
            Thread.sleep(500);
            r.stream().close();
            long first = firstPlayedFrame(r.playback());
            assertTrue(first >= 0, "the ramp was played");
            long lateBy = r.stream().chainReadyNanos() - capturedAt(r.capture(), first);
            assertTrue(lateBy <= FRESH_SLACK_NANOS, "the first sample played was captured "
                    + lateBy / 1e6 + " ms before the hand-over");
            long age = r.stream().liveNanos() - capturedAt(r.capture(), first);
            assertTrue(age <= maxAgeNanos(r.stream()), "the first sample played was captured " + age / 1e6
                    + " ms before going live, more than the jitter (" + r.stream().jitterNanos() / 1e6 + " ms) allows");
            for (float x : r.playback().writtenSamples()[0]) {
                assertTrue(x != 0.75f, "the stale marker the capture line held before its start was played");
            }
        }
    }

    /**
     * A stream started before its chain exists (the CLI opens the devices, then loads the
     * models): the devices get ready with no engine at all, the engine is given at the hand-over,
     * and from then on the stream runs it as if it had had it from the start; a second engine,
     * or a hand-over without one, is refused.
     */
    @Test
    void theDevicesGetReadyBeforeTheChainExistsAndTakeItAtTheHandOver() throws Exception {
        try (Rig r = rig(); Rig bare = rigWithoutEngine()) {
            bare.stream().open();
            assertTrue(bare.stream().awaitDevicesReady(10_000), "the devices got ready without an engine");
            assertThrows(IllegalStateException.class, () -> bare.stream().goLive());
            bare.engine().prepare(RATE, BLOCK, 1, 1);
            bare.stream().goLive(bare.engine());
            assertNull(bare.stream().failure());
            assertSame(bare.engine(), bare.stream().engine());
            assertThrows(IllegalStateException.class, () -> bare.stream().goLive(r.engine()));
            Thread.sleep(300);
            assertTrue(bare.engine().callbacks() > 10, "blocks processed once live: " + bare.engine().callbacks());
            bare.stream().close();
            long first = firstPlayedFrame(bare.playback());
            assertTrue(first >= 0, "the ramp was played");
            long lateBy = bare.stream().chainReadyNanos() - capturedAt(bare.capture(), first);
            assertTrue(lateBy <= FRESH_SLACK_NANOS, "the first sample played was captured "
                    + lateBy / 1e6 + " ms before the hand-over");
        }
    }

    /**
     * The chain's prepare fails while the devices start (a chain that refuses the stream): closing
     * the stream stops the audio thread and both lines, wherever the start had got to.
     */
    @Test
    void closingBeforeGoLiveStopsTheAudioThreadAndTheLines() throws Exception {
        try (Rig r = rig()) {
            r.stream().open();
            Thread.sleep(300);
            r.stream().close();
            assertFalse(r.stream().isRunning(), "the audio thread stopped");
            assertFalse(r.capture().isOpen(), "capture closed");
            assertEquals(0, r.engine().callbacks(), "the engine never ran");
        }
    }
}
