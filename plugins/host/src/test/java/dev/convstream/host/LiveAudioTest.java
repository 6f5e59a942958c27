package dev.convstream.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convstream.plugin.PluginChain;
import dev.convstream.testing.TestWav;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live path end to end on a virtual sound card: a known tone is played into the virtual
 * microphone, the host captures it through Java Sound and TarsosDSP, runs a gain chain and
 * plays the result to the virtual speaker, which is recorded. Runs only when
 * {@code virtual-audio.sh} has started the device and its environment is exported
 * ({@code CONVSTREAM_VIRTUAL_AUDIO=1}); skipped otherwise.
 *
 * <p>Levels pass through PulseAudio's mixing and volumes, so the check compares a processed
 * run with an unprocessed one (level ratio) and checks the frequency, not absolute levels.
 */
@Tag("live")
class LiveAudioTest {

    private static final int RATE = 48_000;
    private static final double TONE_HZ = 997;
    private static final double TONE_SECONDS = 3;
    private static final double GAIN_DB = -12;

    @TempDir
    Path dir;

    @Test
    void gainChainProcessesTheMicrophoneToTheSpeaker() throws Exception {
        assumeTrue("1".equals(System.getenv("CONVSTREAM_VIRTUAL_AUDIO")),
                "no virtual audio device: run plugins/host/src/test/scripts/virtual-audio.sh start and "
                        + "eval \"$(plugins/host/src/test/scripts/virtual-audio.sh env)\" first");
        Path tone = dir.resolve("tone.wav");
        float[][] samples = new float[1][(int) (RATE * TONE_SECONDS)];
        for (int i = 0; i < samples[0].length; i++) {
            samples[0][i] = (float) (0.3 * Math.sin(2 * Math.PI * TONE_HZ * i / RATE));
        }
        TestWav.write(tone, samples, new AudioFormat(RATE, 16, 1, true, false), AudioFileFormat.Type.WAVE);

        Tone unprocessed = runLive(tone, "gain(db=0)");
        Tone processed = runLive(tone, "gain(db=" + GAIN_DB + ")");

        // Frequency: zero-crossing estimate over >= 1 s of tone is good to well under 1 Hz;
        // 3 Hz allows for PulseAudio's 48 kHz <-> 44.1 kHz resampling.
        assertEquals(TONE_HZ, unprocessed.frequency(), 3, "unprocessed tone frequency");
        assertEquals(TONE_HZ, processed.frequency(), 3, "processed tone frequency");
        double ratioDb = 20 * Math.log10(processed.rms() / unprocessed.rms());
        System.out.printf(java.util.Locale.ROOT, "live: tone %.2f Hz unprocessed, %.2f Hz processed, level ratio %.2f dB%n",
                unprocessed.frequency(), processed.frequency(), ratioDb);
        // Both runs take the same path through PulseAudio, so its volumes cancel; 0.5 dB covers
        // 16-bit quantisation and resampler ripple.
        assertEquals(GAIN_DB, ratioDb, 0.5, "processed/unprocessed level in dB (rms "
                + processed.rms() + " / " + unprocessed.rms() + ")");
    }

    /** What was recorded from the speaker during one run. */
    private record Tone(double frequency, double rms) {
    }

    private Tone runLive(Path tone, String chainText) throws Exception {
        Path recording = dir.resolve("speaker-" + Math.abs(chainText.hashCode()) + ".raw");
        Process parec = new ProcessBuilder("parec", "-d", "spk.monitor", "--rate=" + RATE, "--channels=1",
                "--format=s16le", "--latency-msec=20")
                .redirectOutput(recording.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ChainBuilder chains = TestPlugins.injector().getInstance(ChainBuilder.class);
        LiveRunner runner = TestPlugins.injector().getInstance(LiveRunner.class);
        try (PluginChain chain = chains.build(chainText)) {
            LiveRunner.Session session = runner.start(chain, new LiveRunner.Options(null, null, 512, RATE));
            try {
                // A PulseAudio capture stream takes up to a few seconds to start delivering;
                // anything played before that is lost, so wait for blocks to flow.
                long deadline = System.nanoTime() + 15_000_000_000L;
                while (session.blocksProcessed() < 20 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(session.blocksProcessed() >= 20,
                        "capture delivered only " + session.blocksProcessed() + " blocks in 15 s");
                Thread.sleep(300);
                Process paplay = new ProcessBuilder("paplay", "-d", "micsrc", tone.toString())
                        .redirectErrorStream(true).start();
                assertTrue(paplay.waitFor(30, TimeUnit.SECONDS), "paplay finished");
                assertEquals(0, paplay.exitValue(), "paplay exit code");
                Thread.sleep(500); // let the tail of the tone reach the speaker
            } finally {
                session.stop();
            }
            assertNull(session.failure(), "audio thread failure");
            assertTrue(session.blocksProcessed() > TONE_SECONDS * RATE / 512,
                    "blocks processed: " + session.blocksProcessed());
            assertTrue(!session.isRunning(), "audio thread stopped");
        } finally {
            parec.destroy();
            parec.waitFor(5, TimeUnit.SECONDS);
        }
        return analyse(Files.readAllBytes(recording));
    }

    /** Frequency and RMS of the middle of the loud part of a 16-bit LE mono recording. */
    private static Tone analyse(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] x = new float[raw.length / 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = b.getShort() / 32768f;
        }
        // Find where the tone is: 10 ms windows above a tenth of the loudest window.
        int win = RATE / 100;
        double maxRms = 0;
        double[] rms = new double[x.length / win];
        for (int w = 0; w < rms.length; w++) {
            double s = 0;
            for (int i = w * win; i < (w + 1) * win; i++) {
                s += x[i] * x[i];
            }
            rms[w] = Math.sqrt(s / win);
            maxRms = Math.max(maxRms, rms[w]);
        }
        int first = -1;
        int last = -1;
        for (int w = 0; w < rms.length; w++) {
            if (rms[w] > maxRms / 10) {
                last = w;
                if (first < 0) {
                    first = w;
                }
            }
        }
        assertTrue(maxRms > 1e-3, "the speaker recording is silent (peak window rms " + maxRms + ")");
        // Skip 200 ms at each end: onsets, offsets and gain ramps.
        int from = (first + 20) * win;
        int to = (last - 20) * win;
        assertTrue(to - from >= RATE, "at least 1 s of steady tone recorded, found " + (to - from) + " samples");
        double sum = 0;
        int crossings = 0;
        double firstCross = -1;
        double lastCross = -1;
        for (int i = from; i < to; i++) {
            sum += x[i] * x[i];
            if (i > from && x[i - 1] < 0 && x[i] >= 0) {
                double t = i - 1 + x[i - 1] / (x[i - 1] - x[i]); // interpolated crossing
                if (firstCross < 0) {
                    firstCross = t;
                } else {
                    crossings++;
                }
                lastCross = t;
            }
        }
        double frequency = crossings * (double) RATE / (lastCross - firstCross);
        return new Tone(frequency, Math.sqrt(sum / (to - from)));
    }
}
