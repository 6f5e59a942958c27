package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.audio.WavInfo;
import dev.convstream.audio.WavWriter;
import dev.convstream.capture.CaptureLayout;
import dev.convstream.capture.CaptureSignal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureCommandTest {

    @TempDir
    static Path dir;
    static Path capture;
    static float[] signal;

    /** What the command printed: exit code, stdout, stderr. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = System.out;
        PrintStream e = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = ConvstreamCommand.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }

    @BeforeAll
    static void writeTheSignal() {
        capture = dir.resolve("capture.wav");
        Run r = run("capture", "signal", "-o", capture.toString());
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
        Run r = run("capture", "signal", "-o", dir.resolve("again.wav").toString());
        assertTrue(r.out().contains("capture signal convstream-capture-1, 139.54 s at 48000 Hz, 24-bit mono"), r.out());
        assertTrue(r.out().contains("convstream capture check --input "), r.out());
    }

    @Test
    void checkPrintsTheLatencyAndTheChecksPassed() throws Exception {
        Path rec = recording("late.wav", 12, 3);
        Run r = run("capture", "check", "--input", capture.toString(), "--output", rec.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("version convstream-capture-1, 6,698,048 samples (139.54 s) at 48000 Hz"), r.out());
        assertTrue(r.out().contains("latency         12.00 samples (0.25 ms) at the start blip, 12.00 at the end"), r.out());
        assertTrue(r.out().contains("compensation    11 samples (1 left in for safety)"), r.out());
        assertTrue(r.out().contains("checks          passed: version, rates, lengths, not silent, not clipped,"
                + " latency found, no drift"), r.out());

        Run given = run("capture", "check", "--input", capture.toString(), "--output", rec.toString(), "--latency", "12");
        assertEquals(0, given.code(), given.err());
        assertTrue(given.out().contains("latency         12 samples (0.25 ms), as given; the blips were not used"), given.out());
    }

    @Test
    void aFailedCheckExitsOneWithOneLine() throws Exception {
        Path silent = recording("silent.wav", 0, 0);
        Run r = run("capture", "check", "--input", capture.toString(), "--output", silent.toString());
        assertEquals(1, r.code());
        assertEquals("error: " + silent + ": silent: its peak is -inf dBFS (digital silence), below -60 dBFS;"
                + " check the cables, the interface's input and the gear's volume", r.err().strip());
    }

    @Test
    void usageErrorsExitTwoWithOneLine() throws Exception {
        Run missing = run("capture", "check", "--input", capture.toString());
        assertEquals(2, missing.code());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("error: Missing required option: '--output=WAV'"), missing.err());

        Run same = run("capture", "check", "--input", capture.toString(), "--output", capture.toString());
        assertEquals(2, same.code());
        assertTrue(same.err().startsWith("error: --output must be the recording of the gear, not the capture signal"),
                same.err());

        Run bad = run("capture", "check", "--input", capture.toString(), "--output", capture.toString(), "--latency", "x");
        assertEquals(2, bad.code());
        assertEquals(2, run("capture", "signal").code());
    }
}
