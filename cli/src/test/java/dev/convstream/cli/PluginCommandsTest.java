package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.audio.AudioFileReader;
import dev.convstream.audio.WavWriter;
import dev.convstream.plugin.PluginProvider;
import dev.convstream.plugin.contract.PluginJars;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins as a user adds them ({@code --plugins DIR}, {@code CONVSTREAM_PLUGINS}) and resources
 * that will not load (exit 1, naming the file and the reason), through the command line.
 */
class PluginCommandsTest {

    @TempDir
    Path dir;

    /** What one run printed, and its exit code. */
    record Run(int code, String out, String err) {
    }

    /** {@code convstream ARGS} in this JVM with {@code env} as its environment, its output captured. */
    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = ConvstreamCommand.execute(env, args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path input(float rate) throws Exception {
        float[] x = new float[4_800];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        Path in = dir.resolve("in.wav");
        WavWriter.write(in, new float[][] {x}, rate, WavWriter.Format.PCM_16);
        return in;
    }

    private Path pluginFolder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.invert(folder, "invert");
        return folder;
    }

    @Test
    void pluginsOptionLoadsEveryJarOfTheFolderBeforeOrAfterTheSubcommand() throws Exception {
        Path folder = pluginFolder();
        Run before = run(Map.of(), "--plugins", folder.toString(), "plugins");
        assertEquals(0, before.code(), before.err());
        assertTrue(before.out().contains("invert") && before.out().contains("gain"), before.out());
        Run after = run(Map.of(), "plugins", "--plugins", folder.toString());
        assertTrue(after.code() == 0 && after.out().contains("invert"), after.out() + after.err());
        Run without = run(Map.of(), "plugins");
        assertTrue(without.code() == 0 && !without.out().contains("invert"), without.out());
    }

    @Test
    void pluginFromTheFolderProcessesAFile() throws Exception {
        Path in = input(48_000);
        Path out = dir.resolve("out.wav");
        Run r = run(Map.of(), "--plugins", pluginFolder().toString(), "process", in.toString(), out.toString(),
                "--chain", "invert", "--no-progress");
        assertEquals(0, r.code(), r.err());
        float[] x = AudioFileReader.fromEnvironment().read(in).channels()[0];
        float[] y = AudioFileReader.fromEnvironment().read(out).channels()[0];
        assertEquals(x.length, y.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(-x[i], y[i], 1.0 / 32768, "sample " + i);
        }
    }

    @Test
    void environmentVariableAddsPluginFolders() throws Exception {
        Path folder = pluginFolder();
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Run r = run(Map.of("CONVSTREAM_PLUGINS", empty + java.io.File.pathSeparator + folder), "plugins");
        assertTrue(r.code() == 0 && r.out().contains("invert"), r.out() + r.err());
    }

    @Test
    void missingPluginFolderIsAUsageErrorNamingIt() {
        Path nowhere = dir.resolve("nowhere");
        Run r = run(Map.of(), "--plugins", nowhere.toString(), "plugins");
        assertEquals(2, r.code());
        assertTrue(r.err().contains(nowhere.toString()) && r.err().contains("does not exist"), r.err());
    }

    @Test
    void brokenPluginJarIsReportedWithItsJarAndTheRestRuns() throws Exception {
        Path folder = pluginFolder();
        Path broken = PluginJars.build(folder, "broken", Map.of(),
                Map.of(PluginProvider.class.getName(), "thirdparty.Missing\n"));
        Run list = run(Map.of(), "--plugins", folder.toString(), "plugins");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("invert") && list.out().contains("gain"), list.out());
        assertTrue(list.err().contains(broken.toString()) && list.err().contains("thirdparty.Missing"), list.err());
        Path out = dir.resolve("out.wav");
        Run process = run(Map.of(), "--plugins", folder.toString(), "process", input(48_000).toString(),
                out.toString(), "--chain", "invert -> gain(db=-6)", "--no-progress");
        assertEquals(0, process.code(), process.err());
    }

    @Test
    void modelThatWillNotLoadIsAFailureNamingTheFileAndTheReason() throws Exception {
        Path in = input(48_000);
        Path missing = dir.resolve("no-such-amp.nam");
        Run gone = run(Map.of(), "process", in.toString(), dir.resolve("a.wav").toString(),
                "--chain", "wavenet(model=" + missing + ")", "--no-progress");
        assertEquals(1, gone.code(), gone.err());
        assertTrue(gone.err().contains(missing.toString()) && gone.err().contains("not found"), gone.err());

        Path broken = Files.writeString(dir.resolve("broken.nam"), "{\"version\": \"0.5.4\", \"architecture\": ");
        Run bad = run(Map.of(), "process", in.toString(), dir.resolve("b.wav").toString(),
                "--chain", "wavenet(model=" + broken + ")", "--no-progress");
        assertEquals(1, bad.code(), bad.err());
        assertTrue(bad.err().contains("broken.nam") && bad.err().contains("'wavenet'"), bad.err());
        assertTrue(!Files.exists(dir.resolve("a.wav")) && !Files.exists(dir.resolve("b.wav")), "no output written");
    }

    @Test
    void impulseResponseAtAnotherRateIsResampledNotRefused() throws Exception {
        Path in = input(48_000);
        Path ir = dir.resolve("cab44.wav");
        WavWriter.write(ir, new float[][] {{1f, 0.5f, 0.25f}}, 44_100, WavWriter.Format.PCM_16);
        Run r = run(Map.of(), "process", in.toString(), dir.resolve("out.wav").toString(),
                "--chain", "convolver(ir=" + ir + ")", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(dir.resolve("out.wav")), "output written");
    }

    @Test
    void badChainIsStillAUsageError() throws Exception {
        Run r = run(Map.of(), "process", input(48_000).toString(), dir.resolve("out.wav").toString(),
                "--chain", "wavenet(modle=x.nam)", "--no-progress");
        assertEquals(2, r.code(), r.err());
    }
}
