package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.testing.TestWav;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvstreamCommandTest {

    @Test
    void demoRunsAndReportsTheChain(@TempDir Path dir) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int code;
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            code = ConvstreamCommand.execute("demo", "--seconds", "0.25", "--out", dir.toString());
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        assertTrue(out.contains("WaveNet") && out.contains("nam(model=") && out.contains("-> convolver(ir="), out);
        assertTrue(out.contains("real time"), out);
        assertTrue(out.contains("output.wav") && out.contains("spectrogram.png"), out);
    }

    @Test
    void pluginsListsTheBundledPlugins() {
        String out = captureOut(() -> assertEquals(0, ConvstreamCommand.execute("plugins")));
        assertTrue(out.contains("gain") && out.contains("dcblock"), out);
    }

    @Test
    void processRunsAFileThroughAChain(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.wav");
        Path out = dir.resolve("out.wav");
        short[] samples = new short[4_800];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) Math.round(16_000 * Math.sin(2 * Math.PI * 440 * i / 48_000.0));
        }
        TestWav.write(in, samples, 48_000, 1, AudioFileFormat.Type.WAVE);
        String printed = captureOut(() -> assertEquals(0,
                ConvstreamCommand.execute("process", in.toString(), out.toString(), "--chain", "gain(db=-6.0206)")));
        assertTrue(printed.contains("processed 4800 frames"), printed);
        try (AudioInputStream stream = AudioSystem.getAudioInputStream(out.toFile())) {
            byte[] bytes = stream.readAllBytes();
            assertEquals(samples.length * 2, bytes.length);
            int peak = 0;
            for (int i = 0; i < bytes.length; i += 2) {
                peak = Math.max(peak, Math.abs((short) ((bytes[i] & 0xff) | (bytes[i + 1] << 8))));
            }
            assertEquals(8_000, peak, 2, "-6.02 dB halves the 16,000 peak");
        }
    }

    @Test
    void processShowsProgressWhenAsked(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.wav");
        TestWav.write(in, new short[48_000], 48_000, 1, AudioFileFormat.Type.WAVE);
        String err = captureErr(() -> assertEquals(0, ConvstreamCommand.execute("process", in.toString(),
                dir.resolve("out.wav").toString(), "--chain", "gain(db=-6)", "--progress")));
        assertTrue(err.contains("100%") && err.contains("1.0 of 1.0 s") && err.contains("ETA"), err);
        String quiet = captureErr(() -> assertEquals(0, ConvstreamCommand.execute("process", in.toString(),
                dir.resolve("out2.wav").toString(), "--chain", "gain(db=-6)", "--no-progress")));
        assertTrue(!quiet.contains("%"), quiet);
    }

    @Test
    void processWithAnUnknownPluginIsAUsageError(@TempDir Path dir) {
        assertEquals(2, ConvstreamCommand.execute("process", dir.resolve("a.wav").toString(),
                dir.resolve("b.wav").toString(), "--chain", "nosuchplugin()"));
    }

    private static String captureOut(Runnable action) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            action.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void failuresAreOneLineUnlessVerbose(@TempDir Path dir) throws Exception {
        Path notAModel = dir.resolve("broken.nam");
        java.nio.file.Files.writeString(notAModel, "{ not json");
        String quiet = captureErr(() -> assertEquals(1, ConvstreamCommand.execute("info", notAModel.toString())));
        assertEquals(1, quiet.strip().lines().count(), quiet);
        assertTrue(quiet.contains("broken.nam"), quiet);
        String verbose = captureErr(() -> assertEquals(1,
                ConvstreamCommand.execute("info", notAModel.toString(), "--verbose")));
        assertTrue(verbose.lines().count() > 3 && verbose.contains("\tat "), verbose);
    }

    private static String captureErr(Runnable action) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.err;
        try {
            System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badOptionIsAUsageError() {
        assertEquals(2, ConvstreamCommand.execute("demo", "--seconds", "-1"));
        assertEquals(2, ConvstreamCommand.execute("no-such-command"));
    }
}
