package dev.convstream.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convstream.plugin.AbstractAudioPlugin;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server changes its period or rate while convstream runs. */
class JackServerChangeTest {

    private static final StreamRequest SYSTEM_MONO = new StreamRequest(null, null, 0, 0, 1, 1, 0, true);

    @BeforeEach
    void needsServer() {
        JackServerCheck.assumeServer();
    }

    @Test
    void aSmallerPeriodNeedsNoReprepareAndAudioGoesOn() throws Exception {
        try (PluginChain chain = JackBackendTest.gainAndDcBlock()) {
            LiveEngine engine = new LiveEngine(chain);
            try (LiveSession session = new JackBackend("cs-test").start(SYSTEM_MONO, engine)) {
                int before = session.info().blockSize();
                try {
                    bufsize(before / 2);
                    long callbacks = engine.callbacks();
                    await(() -> engine.callbacks() > callbacks + 100);
                    assertTrue(session.isRunning(), () -> "stream stopped: " + session.failure());
                    assertEquals(before, engine.spec().maxBlockSize());
                } finally {
                    bufsize(before);
                }
            }
        }
    }

    @Test
    void aLargerPeriodStopsTheStreamSayingSo() throws Exception {
        try (PluginChain chain = JackBackendTest.gainAndDcBlock()) {
            LiveEngine engine = new LiveEngine(chain);
            try (LiveSession session = new JackBackend("cs-test").start(SYSTEM_MONO, engine)) {
                int before = session.info().blockSize();
                try {
                    bufsize(2 * before);
                    await(() -> session.failure() != null);
                    assertFalse(session.isRunning());
                    assertTrue(session.failure().getMessage().contains("period grew from " + before + " to "
                            + 2 * before + " frames"), session.failure().getMessage());
                } finally {
                    bufsize(before);
                }
            }
        }
    }

    @Test
    void anotherRateRepreparesTheChainOffTheAudioThreadAndAudioGoesOn() throws Exception {
        try (PluginChain chain = JackBackendTest.gainAndDcBlock()) {
            LiveEngine engine = new LiveEngine(chain);
            try (LiveSession session = new JackBackend("cs-test").start(SYSTEM_MONO, engine)) {
                // What the server's rate callback does (PipeWire switching its graph rate; a
                // JACK2 server cannot change rate while running).
                ((JackSession) session).sampleRateChanged(44_100);
                // The stream's info is updated last, after the prepare.
                await(() -> session.info().sampleRate() == 44_100);
                assertEquals(44_100, engine.spec().sampleRate());
                long callbacks = engine.callbacks();
                await(() -> engine.callbacks() > callbacks + 100);
                assertTrue(session.isRunning(), () -> "stream stopped: " + session.failure());
            }
        }
    }

    @Test
    void aRateTheChainCannotRunStopsTheStreamNamingTheRateAndTheReason() throws Exception {
        try (PluginChain chain = new PluginChain(List.of(new Only48k()))) {
            LiveEngine engine = new LiveEngine(chain);
            try (LiveSession session = new JackBackend("cs-test").start(SYSTEM_MONO, engine)) {
                ((JackSession) session).sampleRateChanged(44_100);
                await(() -> session.failure() != null);
                assertFalse(session.isRunning());
                String m = session.failure().getMessage();
                assertTrue(m.contains("44100.0 Hz") && m.contains("only runs at 48 kHz"), m);
            }
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), "not within 30 s");
    }

    private static void bufsize(int frames) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("jack_bufsize", Integer.toString(frames)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            assumeTrue(false, "jack_bufsize (from Debian's jackd2) is not on the PATH: " + e.getMessage());
            return;
        }
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "jack_bufsize " + frames + " did not finish");
        assertEquals(0, p.exitValue(), "jack_bufsize " + frames);
    }

    /** A plugin that refuses any rate but 48 kHz, as a model without a resampler would. */
    static final class Only48k extends AbstractAudioPlugin {
        Only48k() {
            super(PluginDescriptor.of("only48k", "48 kHz only", "1"));
        }

        @Override
        public void prepare(ProcessSpec spec) {
            if (spec.sampleRate() != 48_000) {
                throw new IllegalArgumentException("only runs at 48 kHz, asked " + spec.sampleRate());
            }
        }

        @Override
        public void process(AudioBlock block) {
        }

        @Override
        public void reset() {
        }
    }
}
