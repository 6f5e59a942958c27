package dev.convstream.live.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.live.StreamRequest;
import dev.convstream.live.VirtualAudio;
import dev.convstream.live.javasound.JavaSoundBackend;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code --measure-latency} against a loopback of known delay on the virtual card: PulseAudio's
 * {@code module-loopback} from the speaker's monitor to the microphone, at 50 ms and at 250 ms.
 *
 * <p>What is known and what is not: module-loopback holds its delay with an adaptive resampler
 * (it aims at {@code latency_msec} end to end, its own buffers and the sink's and source's
 * included), and our stream adds its fixed buffers (here a 60 ms target), so the absolute
 * round trip is ours plus the loopback's plus PulseAudio's buffering of our two streams, which
 * nobody states. The difference between the two runs is the loopback's step alone: 200 ms.
 * Tolerance 20 ms: module-loopback's controller settles within a few ms of its target, and the
 * probe (sweeps, one-sample correlation peak) is exact; what remains is how the two
 * PulseAudio streams of ours start, measured at up to ~10 ms from run to run here. The absolute
 * figure must exceed the loopback's and our own buffers together.
 */
@Tag("live")
class LatencyMeasurementLiveTest {

    @Test
    void findsTheLoopbacksDelay() throws Exception {
        VirtualAudio.assumeRunning();
        double short_ = measure(50);
        double long_ = measure(250);
        System.out.printf(Locale.ROOT, "measured round trip: %.1f ms with a 50 ms loopback, %.1f ms with 250 ms%n",
                short_, long_);
        assertEquals(200, long_ - short_, 20, "the loopback's 200 ms step, measured");
    }

    private static double measure(int loopbackMillis) throws Exception {
        String module = VirtualAudio.loopback(loopbackMillis);
        try {
            Thread.sleep(1_000); // module-loopback settles on its target
            LatencyMeasurement.Result r = new LatencyMeasurement(2).measure(new JavaSoundBackend(),
                    new StreamRequest(null, null, VirtualAudio.RATE, 256, 1, 2, 60, true));
            assertTrue(r.prominence() > LatencyMeasurement.MIN_PROMINENCE, "prominence " + r.prominence());
            assertTrue(r.millis() > loopbackMillis + r.stream().latencyMillis() * 0.9,
                    "round trip " + r.millis() + " ms holds the loopback's " + loopbackMillis + " ms and our "
                            + r.stream().latencyMillis() + " ms");
            System.out.printf(Locale.ROOT, "loopback %d ms: round trip %.1f ms (%d frames), ours %.1f ms, prominence %.0f%n",
                    loopbackMillis, r.millis(), r.frames(), r.stream().latencyMillis(), r.prominence());
            return r.millis();
        } finally {
            VirtualAudio.unloop(module);
        }
    }
}
