package dev.convstream.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.testing.TestData;
import dev.convstream.testing.TestWav;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCommandsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final HostCommands commands = HostCommands.create(TestPlugins.injector(),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    @Test
    void pluginsListsIdsParametersRangesAndResources() {
        assertEquals(HostCommands.OK, commands.plugins());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("gain") && text.contains("db") && text.contains("-80 to 24 dB, default 0 (linear)"), text);
        assertTrue(text.contains("dcblock") && text.contains("1 to 200 Hz, default 10 (log)"), text);
        assertTrue(text.contains("file") && text.contains("resource: text file holding one number"), text);
    }

    @Test
    void processWritesTheFileAndReportsIt() throws Exception {
        Path in = dir.resolve("in.wav");
        TestWav.write(in, TestData.pcm16Signal(1, 1000, 48_000), new AudioFormat(48_000, 16, 1, true, false),
                AudioFileFormat.Type.WAVE);
        Path o = dir.resolve("o.wav");
        assertEquals(HostCommands.OK, commands.process(in, o, "gain(db=-6)", 128), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("processed 1000 frames"));
        assertEquals(1000, TestWav.read(o).samples()[0].length);
    }

    @Test
    void aTruncatedInputIsProcessedAsItIsWithAWarning() throws Exception {
        Path whole = dir.resolve("whole.wav");
        TestWav.write(whole, TestData.pcm16Signal(1, 1000, 48_000), new AudioFormat(48_000, 16, 1, true, false),
                AudioFileFormat.Type.WAVE);
        byte[] bytes = java.nio.file.Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.wav");
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 400 * 2));
        Path o = dir.resolve("o.wav");
        assertEquals(HostCommands.OK, commands.process(cut, o, "gain(db=-6)", 128));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("processed 600 frames"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("warning: " + cut + ": truncated: its header claims 1000 frames"), e);
        assertEquals(600, TestWav.read(o).samples()[0].length);
    }

    @Test
    void badChainIsAUsageErrorNamingThePlugin() {
        assertEquals(HostCommands.USAGE, commands.process(Path.of("a.wav"), Path.of("b.wav"), "gain(db=100)", 512));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("error: ") && e.contains("'gain'") && e.contains("'db'"), e);
    }

    @Test
    void missingInputFileFails() {
        assertEquals(HostCommands.FAILED, commands.process(dir.resolve("none.wav"), dir.resolve("b.wav"), "gain", 512));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("none.wav"));
    }
}
