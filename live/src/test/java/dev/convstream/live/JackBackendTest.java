package dev.convstream.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugins.dcblock.DcBlockPlugin;
import dev.convstream.plugins.gain.GainPlugin;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JACK backend on a running server (the dummy one .ci/run starts); skipped without one. */
class JackBackendTest {

    @BeforeEach
    void needsServer() {
        JackServerCheck.assumeServer();
    }

    static PluginChain gainAndDcBlock() {
        GainPlugin gain = new GainPlugin();
        gain.parameters().get("db").set(-6);
        return new PluginChain(List.of(gain, new DcBlockPlugin()));
    }

    static float[] testSignal(int n, double rate) {
        Random r = new Random(16);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            // A DC offset (what dcblock removes), a tone and noise; never 0 at the first sample.
            x[i] = 0.2f + 0.4f * (float) Math.sin(2 * Math.PI * 220 * i / rate) + 0.1f * (r.nextFloat() - 0.5f);
        }
        return x;
    }

    static float[] offline(AudioPlugin chain, float[] x, double rate, int block) {
        chain.prepare(new ProcessSpec(rate, block, 1));
        float[][] buf = new float[1][block];
        float[] y = new float[x.length];
        AudioBlock b = new AudioBlock();
        for (int pos = 0; pos < x.length; pos += block) {
            int n = Math.min(block, x.length - pos);
            System.arraycopy(x, pos, buf[0], 0, n);
            chain.process(b.set(buf, 0, n));
            System.arraycopy(buf[0], 0, y, pos, n);
        }
        return y;
    }

    @Test
    void theChainInsideTheCallbackGivesTheOfflineChainsOutputAtTheSameFrames() throws Exception {
        AtomicLong cue = JackTestClient.cue();
        try (PluginChain chain = gainAndDcBlock();
             JackTestClient player = JackTestClient.player("cs-test-play", cue);
             JackTestClient recorder = JackTestClient.recorder("cs-test-rec", cue)) {
            LiveEngine engine = new LiveEngine(chain);
            StreamRequest request = new StreamRequest(player.portName(), recorder.portName(), 0, 0, 0, 0, 0, false);
            try (LiveSession session = new JackBackend("cs-test").start(request, engine);
                 JackFreewheel freewheel = JackFreewheel.on()) {
                StreamInfo info = session.info();
                assertEquals("jack", info.backend());
                assertEquals(player.portName(), info.inputDevice());
                assertEquals(recorder.portName(), info.outputDevice());
                assertEquals(1, info.inputChannels());
                assertEquals(1, info.outputChannels());
                assertEquals(info.blockSize(), engine.spec().maxBlockSize(), "prepared for the server's period");
                assertEquals(info.sampleRate(), engine.spec().sampleRate());

                int n = 2 * (int) info.sampleRate();
                float[] x = testSignal(n, info.sampleRate());
                float[] recorded = new float[n];
                recorder.arm(recorded);
                player.arm(x);
                JackTestClient.cueNextPeriod(cue);
                long start = JackTestClient.cuedFrame(cue, 10_000);
                recorder.awaitFrame(start + n, 60_000);
                assertTrue(session.isRunning(), () -> "stream stopped: " + session.failure());

                float[] expected;
                try (PluginChain reference = gainAndDcBlock()) {
                    expected = offline(reference, x, info.sampleRate(), info.blockSize());
                }
                // The same float operations in the same order (block cuts do not change them):
                // exact. A delay added by the backend, or a lost period, would shift the recording.
                assertArrayEquals(expected, recorded, 0f);
                assertTrue(engine.callbacks() >= n / info.blockSize());
            }
        }
    }

    @Test
    void roundTripIsWhatTheServerSaysOfItsPortsPlusTheChainsLatencyAndNothingOfOurs() throws Exception {
        try (PluginChain chain = gainAndDcBlock()) {
            LiveEngine engine = new LiveEngine(chain);
            StreamRequest request = new StreamRequest(null, null, 0, 0, 0, 0, 0, true);
            try (LiveSession session = new JackBackend("cs-test").start(request, engine)) {
                StreamInfo info = session.info();
                assertEquals("system:capture_1", info.inputDevice());
                assertEquals("system:playback_1,system:playback_2", info.outputDevice());
                assertEquals(1, info.inputChannels(), "one input by default (a guitar)");
                assertEquals(2, info.outputChannels());
                // jackd -d dummy declares one period of capture and one of playback latency.
                assertEquals(2L * info.blockSize(), info.latencyFrames());
                // live --verbose: the chain's prepare, whole and per plugin
                assertTrue(session.startReport().matches(
                        "chain prepared in [0-9.]+ s \\(gain [0-9.]+ s, dcblock [0-9.]+ s\\)"), session.startReport());
            }
        }
    }

    @Test
    void xrunsAreCountedWhenTheCallbackOverrunsItsPeriod() throws Exception {
        SlowPlugin slow = new SlowPlugin();
        try (PluginChain chain = new PluginChain(List.of(slow));
             JackTestClient recorder = JackTestClient.recorder("cs-test-rec", JackTestClient.cue())) {
            LiveEngine engine = new LiveEngine(chain);
            StreamRequest request = new StreamRequest(null, recorder.portName(), 0, 0, 1, 1, 0, false);
            try (LiveSession session = new JackBackend("cs-test").start(request, engine)) {
                long periodNanos = (long) (1e9 * session.info().blockSize() / session.info().sampleRate());
                Thread.sleep(200);
                long before = engine.xruns();
                slow.stall(5, 4 * periodNanos);
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (engine.xruns() == before && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(engine.xruns() > before, "no xrun counted after 5 periods of 4x the deadline");
                while (slow.remaining > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                LoadMeter.Snapshot load = engine.load().snapshot();
                assertTrue(load.overDeadline() >= 5, () -> "the load meter saw " + load.overDeadline()
                        + " late callbacks of " + load.callbacks() + ", max " + load.maxNanos() + " ns");
            }
        }
    }

    /** A chain step that, when told, spins past its deadline for a few periods. */
    static final class SlowPlugin extends dev.convstream.plugin.AbstractAudioPlugin {
        private volatile int remaining;
        private volatile long spinNanos;

        SlowPlugin() {
            super(dev.convstream.plugin.PluginDescriptor.of("slow", "Slow on request", "1"));
        }

        void stall(int periods, long nanos) {
            spinNanos = nanos;
            remaining = periods;
        }

        @Override
        public void prepare(ProcessSpec spec) {
        }

        @Override
        public void process(AudioBlock block) {
            if (remaining > 0) {
                long end = System.nanoTime() + spinNanos;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                remaining = remaining - 1; // after the spin: 0 means every slow period is over
            }
        }

        @Override
        public void reset() {
        }
    }
}
