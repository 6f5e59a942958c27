package dev.convstream.live.latency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.live.LiveEngine;
import dev.convstream.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

class LatencyProbeTest {

    /** A loopback of exactly {@code delay} frames around the engine finds exactly that delay. */
    @Test
    void aSimulatedLoopbackOfKnownDelayIsFoundToTheFrame() {
        int rate = 16_000;
        int block = 64;
        int delay = 1_234;
        LatencyProbe probe = new LatencyProbe(0.5);
        LiveEngine engine = new LiveEngine(probe);
        engine.prepare(rate, block, 1, 2);
        float[] line = new float[1 << 16];
        float[][] in = new float[1][block];
        float[][] out = new float[2][block];
        long t = 0;
        while (!probe.done()) {
            for (int i = 0; i < block; i++) {
                in[0][i] = line[(int) ((t + i) % line.length)];
            }
            engine.process(in, 0, out, 0, block);
            for (int i = 0; i < block; i++) {
                line[(int) ((t + i + delay) % line.length)] = 0.5f * out[0][i];
                line[(int) ((t + i) % line.length)] = 0; // consumed
            }
            t += block;
        }
        assertArrayEquals(out[0], out[1], "every output channel plays the probe");
        DelayFinder.Delay d = DelayFinder.find(probe.played(), probe.recording(), rate / 2);
        assertEquals(delay, d.frames());
        assertEquals(0.5, d.peak(), 1e-3);
    }

    @Test
    void processAllocatesNothingAndResetStartsOver() {
        LatencyProbe probe = new LatencyProbe(0.2);
        LiveEngine engine = new LiveEngine(probe);
        engine.prepare(8_000, 32, 1, 1);
        float[][] in = new float[1][32];
        float[][] out = new float[1][32];
        long bytes = new AllocationMeter().allocatedOnceWarm(
                () -> {
                    for (int i = 0; i < 2_000; i++) {
                        engine.process(in, 0, out, 0, 32);
                    }
                },
                () -> engine.process(in, 0, out, 0, 32), 5);
        assertEquals(0, bytes);
        assertTrue(probe.done());
        probe.reset();
        assertTrue(!probe.done());
    }
}
