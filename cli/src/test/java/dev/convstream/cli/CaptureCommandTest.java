package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.audio.WavInfo;
import dev.convstream.audio.WavWriter;
import dev.convstream.capture.CaptureLayout;
import dev.convstream.capture.CaptureSignal;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureCommandTest {

    @TempDir
    static Path dir;
    static Path capture;
    static float[] signal;

    /** The command run in process (exit code, stdout, stderr), as the features tests run theirs. */
    static FeaturesCommandTest.Run run(String... args) {
        return FeaturesCommandTest.run(args);
    }

    @BeforeAll
    static void writeTheSignal() {
        capture = dir.resolve("capture.wav");
        FeaturesCommandTest.Run r = run("capture", "signal", "-o", capture.toString());
        assertEquals(0, r.code(), r.err());
        signal = CaptureSignal.render(CaptureLayout.CURRENT);
    }

    /** The signal through a tanh, {@code lag} samples late, at {@code gain}. */
    static Path recording(String name, int lag, double gain) throws Exception {
        float[] y = new float[signal.length];
        for (int i = lag; i < y.length; i++) {
            y[i] = (float) (0.7 * Math.tanh(gain * signal[i - lag]));
        }
        Path p = dir.resolve(name);
        WavWriter.write(p, new float[][] {y}, 48_000, WavWriter.Format.PCM_24);
        return p;
    }

    @Test
    void signalWritesTheCurrentVersion() throws Exception {
        assertEquals(CaptureLayout.CURRENT.version(), WavInfo.read(capture).get(CaptureSignal.VERSION_KEY));
        FeaturesCommandTest.Run r = run("capture", "signal", "-o", dir.resolve("again.wav").toString());
        assertTrue(r.out().contains("capture signal convstream-capture-1, 139.54 s at 48000 Hz, 24-bit mono"), r.out());
        assertTrue(r.out().contains("convstream capture check --input "), r.out());
    }

    @Test
    void checkPrintsTheLatencyAndTheChecksPassed() throws Exception {
        Path rec = recording("late.wav", 12, 3);
        FeaturesCommandTest.Run r = run("capture", "check", "--input", capture.toString(), "--output", rec.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("version convstream-capture-1, 6,698,048 samples (139.54 s) at 48000 Hz"), r.out());
        assertTrue(r.out().contains("latency         12.00 samples (0.25 ms) at the start blip, 12.00 at the end"), r.out());
        assertTrue(r.out().contains("compensation    11 samples (1 left in for safety)"), r.out());
        assertTrue(r.out().contains("checks          passed: version, rates, lengths, not silent, not clipped,"
                + " latency found, no drift"), r.out());

        FeaturesCommandTest.Run given = run("capture", "check", "--input", capture.toString(), "--output", rec.toString(), "--latency", "12");
        assertEquals(0, given.code(), given.err());
        assertTrue(given.out().contains("latency         12 samples (0.25 ms), as given; the blips were not used"), given.out());
    }

    @Test
    void aFailedCheckExitsOneWithOneLine() throws Exception {
        Path silent = recording("silent.wav", 0, 0);
        FeaturesCommandTest.Run r = run("capture", "check", "--input", capture.toString(), "--output", silent.toString());
        assertEquals(1, r.code());
        assertEquals("error: " + silent + ": silent: its peak is -inf dBFS (digital silence), below -60 dBFS;"
                + " check the cables, the interface's input and the gear's volume", r.err().strip());
    }

    @Test
    void aMissingFileExitsOneNamingIt() {
        Path missing = dir.resolve("nowhere.wav");
        FeaturesCommandTest.Run r = run("capture", "check", "--input", capture.toString(), "--output", missing.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: " + missing), r.err());
        FeaturesCommandTest.Run in = run("capture", "check", "--input", missing.toString(), "--output", capture.toString());
        assertEquals(1, in.code());
        assertTrue(in.err().startsWith("error: " + missing), in.err());
    }

    @Test
    void usageErrorsExitTwoWithOneLine() throws Exception {
        FeaturesCommandTest.Run missing = run("capture", "check", "--input", capture.toString());
        assertEquals(2, missing.code());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("error: Missing required option: '--output=WAV'"), missing.err());

        FeaturesCommandTest.Run same = run("capture", "check", "--input", capture.toString(), "--output", capture.toString());
        assertEquals(2, same.code());
        assertTrue(same.err().startsWith("error: --output must be the recording of the gear, not the capture signal"),
                same.err());

        FeaturesCommandTest.Run bad = run("capture", "check", "--input", capture.toString(), "--output", capture.toString(), "--latency", "x");
        assertEquals(2, bad.code());
        assertEquals(2, run("capture", "signal").code());
    }
}
