package dev.convstream.live.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.live.AudioBackend;
import dev.convstream.live.AudioDevice;
import dev.convstream.live.LiveEngine;
import dev.convstream.live.LiveSession;
import dev.convstream.live.StreamInfo;
import dev.convstream.live.StreamRequest;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.contract.DelayPlugin;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link LatencyMeasurement} on an in-memory loopback of known delay, run block by block on the
 * calling thread: the delay found is exact, and a run with an xrun is played again instead of
 * being measured.
 */
class LatencyMeasurementTest {

    private static final int RATE = 48_000;
    private static final int BLOCK = 128;

    @Test
    void findsTheLoopbacksDelayToTheFrame() throws Exception {
        Loopback loop = new Loopback(3_001, 0);
        LatencyMeasurement.Result r = new LatencyMeasurement(0.5).measure(loop, request());
        assertEquals(3_001, r.frames());
        assertEquals(1, loop.starts, "one clean run is enough");
    }

    @Test
    void aDelayBeforeTheProbeAddsExactlyItsFrames() throws Exception {
        // The seam LatencyMeasurementLiveTest steps the round trip with: a delay in what the
        // probe records, never in what it plays.
        Loopback loop = new Loopback(3_001, 0);
        LatencyMeasurement.Result r = new LatencyMeasurement(0.5,
                probe -> new PluginChain(List.of(new DelayPlugin(8_820), probe))).measure(loop, request());
        assertEquals(3_001 + 8_820, r.frames());
    }

    @Test
    void aRunWithAnXrunIsPlayedAgainNotMeasured() throws Exception {
        // The first two runs lose a block mid-probe (the output slips by a block, as after an
        // underrun), which would move or smear the echo; the third is clean.
        Loopback loop = new Loopback(777, 2);
        LatencyMeasurement.Result r = new LatencyMeasurement(0.5).measure(loop, request());
        assertEquals(777, r.frames());
        assertEquals(3, loop.starts);
    }

    @Test
    void anXrunBeforeTheFirstSweepDoesNotCount() throws Exception {
        // A stream settling in its first periods: the round trip after it is what is measured.
        Loopback loop = new Loopback(777, 0);
        loop.xrunAtStart = true;
        LatencyMeasurement.Result r = new LatencyMeasurement(0.5).measure(loop, request());
        assertEquals(777, r.frames());
        assertEquals(1, loop.starts);
    }

    @Test
    void whenNoRunIsCleanTheErrorSaysSo() {
        Loopback loop = new Loopback(777, LatencyMeasurement.ATTEMPTS);
        LatencyMeasurement.NoCleanRunException e = assertThrows(LatencyMeasurement.NoCleanRunException.class,
                () -> new LatencyMeasurement(0.5).measure(loop, request()));
        assertTrue(e.getMessage().contains("xruns in each of 3 runs") && e.getMessage().contains("--latency"),
                e.getMessage());
        assertEquals(LatencyMeasurement.ATTEMPTS, loop.starts);
    }

    private static StreamRequest request() {
        return new StreamRequest(null, null, RATE, BLOCK, 1, 1, 0, false);
    }

    /**
     * A backend whose output comes back to its input {@code delay} frames later; the first
     * {@code glitchedRuns} runs lose one block of output half a second in, and report the xrun.
     */
    private static final class Loopback implements AudioBackend {
        private final int delay;
        private final int glitchedRuns;
        int starts;
        boolean xrunAtStart;

        Loopback(int delay, int glitchedRuns) {
            this.delay = delay;
            this.glitchedRuns = glitchedRuns;
        }

        @Override
        public String id() {
            return "loopback";
        }

        @Override
        public boolean isAvailable() {
            return true;
        }

        @Override
        public List<AudioDevice> devices() {
            return List.of();
        }

        @Override
        public LiveSession start(StreamRequest request, LiveEngine engine) {
            boolean glitch = starts++ < glitchedRuns;
            engine.prepare(RATE, BLOCK, 1, 1);
            int blocks = (int) ((ProbeSignal.TOTAL_SECONDS + 1) * RATE / BLOCK);
            float[] line = new float[(blocks + 2) * BLOCK + delay];
            float[][] in = new float[1][BLOCK];
            float[][] out = new float[1][BLOCK];
            int written = delay;
            if (xrunAtStart) {
                engine.noteXrun();
            }
            for (int b = 0; b < blocks; b++) {
                System.arraycopy(line, b * BLOCK, in[0], 0, BLOCK);
                engine.process(in, 0, out, 0, BLOCK);
                if (glitch && b == RATE / 2 / BLOCK) {
                    engine.noteXrun();
                    continue; // this block of output is lost
                }
                System.arraycopy(out[0], 0, line, written, BLOCK);
                written += BLOCK;
            }
            StreamInfo info = new StreamInfo("loopback", "in", "out", RATE, BLOCK, 1, 1, "float32", 0);
            return new LiveSession() {
                @Override
                public StreamInfo info() {
                    return info;
                }

                @Override
                public LiveEngine engine() {
                    return engine;
                }

                @Override
                public boolean isRunning() {
                    return false;
                }

                @Override
                public Throwable failure() {
                    return null;
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
