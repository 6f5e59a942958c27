package dev.convstream.live.javasound;

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
 * The start-up calibration of the capture jitter on in-memory lines ({@link FakeLines}): it ends
 * once the largest lateness has stopped growing for the plan's settle time, not before, and never
 * after its most blocks.
 */
class JavaSoundCalibrationTest {

    private static final int RATE = 48_000;
    private static final int BLOCK = 256;
    private static final long PERIOD_NANOS = BLOCK * 1_000_000_000L / RATE;
    /** 0.77 s at most, as {@code JavaSoundBackend.plan} asks for at 48 kHz (0.75 s rounded up). */
    private static final int MOST_BLOCKS = 144;
    /** 0.3 s without growth ends it (56 blocks of 5.33 ms = 0.299 s). */
    private static final int SETTLE_BLOCKS = 56;

    /** Blocks the calibration read, and the jitter it measured, at one start. */
    private record Result(int blocks, long jitterNanos) {
    }

    private static Result start(FakeLines.Capture capture, int mostBlocks) throws Exception {
        AudioFormat f32 = SampleFormat.F32.toAudioFormat(RATE, 1);
        FakeLines.Playback playback = new FakeLines.Playback(f32, 4 * RATE, 12 * RATE);
        playback.sizedByOpen = true;
        try (PluginChain chain = new PluginChain(List.of(new GainPlugin()))) {
            LiveEngine engine = new LiveEngine(chain);
            JavaSoundStream.StreamPlan plan = new JavaSoundStream.StreamPlan(BLOCK, mostBlocks, SETTLE_BLOCKS, -1,
                    RATE / 4);
            JavaSoundStream stream = new JavaSoundStream(engine, capture, playback::opened, f32, plan,
                    new StreamInfo("javasound", "fake", "fake", RATE, BLOCK, 1, 1, "f32", 0));
            try {
                stream.open();
                assertTrue(stream.awaitDevicesReady(10_000), "the devices got ready");
                return new Result(stream.calibrationBlocksRead(), stream.jitterNanos());
            } finally {
                stream.close();
            }
        }
    }

    private static FakeLines.Capture capture(long stallAtNanos, long stallNanos) {
        AudioFormat f32 = SampleFormat.F32.toAudioFormat(RATE, 1);
        return new FakeLines.Capture(f32, RATE, new float[1][8 * RATE], 0, 0f, stallAtNanos, stallNanos);
    }

    /** Blocks of audio in {@code nanos}. */
    private static int blocks(long nanos) {
        return (int) (nanos / PERIOD_NANOS);
    }

    /**
     * A sound server that hands capture over in 125 ms bursts (the virtual card's): the jitter is
     * the burst, and the calibration ends 0.3 s of audio after the first burst (block 23), well
     * before its most.
     */
    @Test
    void burstsOfTheSameSizeEndTheCalibrationEarly() throws Exception {
        FakeLines.Capture capture = capture(Long.MAX_VALUE, 0);
        capture.quantumNanos = 125_000_000L;
        Result r = start(capture, MOST_BLOCKS);
        assertTrue(r.jitterNanos() >= 125_000_000L - 2 * PERIOD_NANOS && r.jitterNanos() <= 125_000_000L + PERIOD_NANOS,
                "jitter " + r.jitterNanos() / 1e6 + " ms for bursts of 125 ms");
        int expected = blocks(125_000_000L) + SETTLE_BLOCKS;
        assertTrue(Math.abs(r.blocks() - expected) <= 2,
                "read " + r.blocks() + " blocks, expected about " + expected + " (first burst, then the settle time)");
    }

    /**
     * A capture that runs on time, then stalls for 150 ms at 0.2 s: the calibration is still
     * running when the stall shows (the read of block 37 comes back 150 ms late), measures it, and
     * settles only the settle time of audio after it (the blocks held back by the stall count).
     */
    @Test
    void latenessThatStillGrowsKeepsTheCalibrationGoing() throws Exception {
        Result r = start(capture(200_000_000L, 150_000_000L), MOST_BLOCKS);
        assertTrue(r.jitterNanos() >= 150_000_000L - PERIOD_NANOS,
                "jitter " + r.jitterNanos() / 1e6 + " ms: the 150 ms stall at 0.2 s was missed");
        int expected = blocks(200_000_000L) + SETTLE_BLOCKS;
        assertTrue(Math.abs(r.blocks() - expected) <= 2,
                "read " + r.blocks() + " blocks, expected about " + expected + " (the stall, then the settle time)");
    }

    /** The same stall with at most 60 blocks: the calibration stops at 60, before it settled (block 93). */
    @Test
    void theMostBlocksBoundTheCalibration() throws Exception {
        Result r = start(capture(200_000_000L, 150_000_000L), 60);
        assertTrue(r.jitterNanos() >= 150_000_000L - PERIOD_NANOS, "jitter " + r.jitterNanos() / 1e6 + " ms");
        assertTrue(r.blocks() == 60, "read " + r.blocks() + " blocks, at most 60 allowed");
    }
}
