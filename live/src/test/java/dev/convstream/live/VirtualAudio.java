package dev.convstream.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The virtual sound card of {@code plugins/host/src/test/scripts/virtual-audio.sh} (a private
 * PulseAudio server: null sink {@code spk} is the speaker, recorded from {@code spk.monitor};
 * null sink {@code micsrc} feeds the microphone source {@code mic}; float32, 44.1 kHz, stereo,
 * so the card itself quantises nothing), for the live tests. They run only when the script's
 * environment is exported ({@code CONVSTREAM_VIRTUAL_AUDIO=1}, as {@code .ci/run} does).
 */
public final class VirtualAudio {

    public static final int RATE = 44_100;
    public static final Path SCRIPT = Path.of("..", "plugins", "host", "src", "test", "scripts", "virtual-audio.sh");

    private VirtualAudio() {
    }

    /** Skips the calling test, saying how to run it, when the virtual card is not up. */
    public static void assumeRunning() {
        assumeTrue("1".equals(System.getenv("CONVSTREAM_VIRTUAL_AUDIO")),
                "no virtual audio device: run " + SCRIPT + " start and eval \"$(" + SCRIPT + " env)\" first");
    }

    /** Records the speaker (float32 stereo at {@link #RATE}) until {@link Recorder#stop()}. */
    public static Recorder recordSpeaker(Path raw) throws IOException {
        Process p = new ProcessBuilder("parec", "-d", "spk.monitor", "--rate=" + RATE, "--channels=2",
                "--format=float32le", "--latency-msec=20", "--raw")
                .redirectOutput(raw.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new Recorder(p, raw);
    }

    /** Plays {@code wav} into the microphone and waits until it has been played. */
    public static void playIntoMicrophone(Path wav) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("paplay", "-d", "micsrc", wav.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "paplay finished");
        assertEquals(0, p.exitValue(), "paplay exit code: " + new String(p.getInputStream().readAllBytes()));
    }

    /** Loops the speaker back into the microphone with {@code millis} of delay; returns the module to unload. */
    public static String loopback(int millis) throws IOException, InterruptedException {
        return run("bash", SCRIPT.toString(), "loopback", Integer.toString(millis)).trim();
    }

    /** Removes a loopback made by {@link #loopback}. */
    public static void unloop(String module) throws IOException, InterruptedException {
        run("bash", SCRIPT.toString(), "unloop", module);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " finished");
        assertEquals(0, p.exitValue(), String.join(" ", command) + " exit code");
        return out;
    }

    /**
     * Feeds the microphone a {@code level} sine at 997 Hz until {@link Feeder#silence()}, written
     * by the wall clock, 10 ms at a time, at most 20 ms ahead: pacat's own pacing is not enough,
     * since the pipe to it holds 64 KB (0.37 s) that would still play after the switch.
     */
    public static Feeder feedMicrophone(float level) throws IOException {
        Process p = new ProcessBuilder("pacat", "--playback", "-d", "micsrc", "--format=float32le", "--rate=" + RATE,
                "--channels=1", "--latency-msec=20", "--raw").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new Feeder(p, level);
    }

    /** A running feed of the microphone. */
    public static final class Feeder {
        private final Process process;
        private final Thread writer;
        private volatile boolean tone = true;
        private volatile boolean running = true;

        private Feeder(Process process, float level) {
            this.process = process;
            this.writer = new Thread(() -> {
                byte[] block = new byte[441 * 4];
                ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
                long t = 0;
                long start = System.nanoTime();
                try (var out = process.getOutputStream()) {
                    while (running) {
                        long ahead = t * 1_000_000_000L / RATE - (System.nanoTime() - start);
                        if (ahead > 20_000_000L) {
                            try {
                                Thread.sleep(ahead / 1_000_000 - 10);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        b.clear();
                        for (int i = 0; i < 441; i++, t++) {
                            b.putFloat(tone ? (float) (level * Math.sin(2 * Math.PI * 997 * t / RATE)) : 0f);
                        }
                        out.write(block);
                        out.flush();
                    }
                } catch (IOException e) {
                    // pacat ended: nothing more to feed
                }
            }, "microphone-feeder");
            writer.setDaemon(true);
            writer.start();
        }

        /** From now on, silence. */
        public void silence() {
            tone = false;
        }

        /** Stops feeding. */
        public void stop() throws InterruptedException {
            running = false;
            writer.join(2_000);
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** A running recording of the speaker. */
    public static final class Recorder {
        private final Process process;
        private final Path raw;

        private Recorder(Process process, Path raw) {
            this.process = process;
            this.raw = raw;
        }

        /** Stops recording; returns the planar stereo samples. */
        public float[][] stop() throws IOException, InterruptedException {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
            byte[] bytes = Files.readAllBytes(raw);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int frames = bytes.length / 8;
            float[][] x = new float[2][frames];
            for (int i = 0; i < frames; i++) {
                x[0][i] = b.getFloat();
                x[1][i] = b.getFloat();
            }
            return x;
        }
    }
}
