package dev.convstream.cli;

import dev.convstream.audio.Resampling;
import dev.convstream.batch.Checksums;
import dev.convstream.batch.SpectrogramPng;

import dev.convstream.batch.TestAudio;
import dev.convstream.batch.Manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convstream.cli.ConvstreamCommand;
import dev.convstream.features.FeatureExtractor;
import dev.convstream.features.LogMelConfig;
import dev.convstream.features.LogMelSpectrogram;
import dev.convstream.features.io.Npy;
import dev.convstream.kernel.Kernels;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.TestWav;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convstream features} end to end on a generated folder: 16 kHz mono WAV, 44.1 kHz
 * stereo WAV in a subfolder, 22.05 kHz mono AIFF, 8 kHz 3-channel WAV, and a corrupt WAV.
 *
 * <p>Tolerance for "equals the Java API": 1e-4 dB. The CLI and the reference run the same
 * front end on the same samples; the only freedom is float rounding of the channel average
 * (a few ulps of a sample), which moves log-mel values (magnitude <= ~120 dB) by far less.
 */
public class FeaturesCommandTest {
    private static final int RATE = 16_000;
    private static final int HOP = 160;
    private static final int MELS = 64;
    private static final double TOL = 1e-4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path in;
    static Map<String, short[]> samples = new HashMap<>();
    static Map<String, int[]> formats = new HashMap<>(); // name -> {rate, channels}

    @BeforeAll
    static void generate() throws IOException {
        in = shared.resolve("in");
        add("a.wav", RATE, 1, 1.0, AudioFileFormat.Type.WAVE);
        add("sub/b.wav", 44_100, 2, 1.3, AudioFileFormat.Type.WAVE);
        add("c.aiff", 22_050, 1, 0.7, AudioFileFormat.Type.AIFF);
        add("sub/deeper/d.wav", 8_000, 3, 0.5, AudioFileFormat.Type.WAVE);
        Files.write(in.resolve("corrupt.wav"), "RIFF\u0001\u0002garbage, not a wave file at all".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(in.resolve("notes.txt"), "not audio: folders only pick audio extensions");
    }

    private static void add(String name, int rate, int channels, double seconds, AudioFileFormat.Type type)
            throws IOException {
        short[] s = TestAudio.signal(rate, channels, seconds, name.hashCode());
        TestWav.write(in.resolve(name), s, rate, channels, type);
        samples.put(name, s);
        formats.put(name, new int[] {rate, channels});
    }

    /** What the Java API gives for a generated file: mono, resampled, LogMelSpectrogram.compute with the CLI defaults. */
    static Tensor reference(String name) {
        int[] f = formats.get(name);
        float[] mono = TestAudio.mono(samples.get(name), f[1]);
        float[] at = f[0] == RATE ? mono : Resampling.resample(mono, f[0], RATE);
        LogMelConfig c = LogMelConfig.builder(RATE).nFft(512).hop(HOP).nMels(MELS).build();
        return new LogMelSpectrogram(c).compute(at, RATE);
    }

    /** A command's exit code and what it printed. */
    public record Run(int code, String out, String err) {
    }

    /** Runs {@code convstream ARGS} in this JVM, capturing stdout and stderr (also used by features-beam's tests). */
    public static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = System.out;
        PrintStream e = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = ConvstreamCommand.execute(args);
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<JsonNode> manifest(Path out) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve(Manifest.FILE_NAME))) {
            lines.add(JSON.readTree(l));
        }
        return lines;
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void aRunnerWithoutTheBeamJarIsAUsageErrorThatSaysWhereItIs(@TempDir Path out) {
        Run r = run("features", in.toString(), "-o", out.toString(), "--runner", "flink");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--runner flink is not available here") && r.err().contains("convstream-beam.jar"),
                r.err());
        Run noRunner = run("features", in.toString(), "-o", out.toString(), "--flink-master", "host:8081");
        assertEquals(2, noRunner.code(), noRunner.err());
        assertTrue(noRunner.err().contains("need --runner"), noRunner.err());
    }

    @Test
    void folderToNpyEqualsTheJavaApiAndReportsTheCorruptFile(@TempDir Path out) throws Exception {
        Run r = run("features", in.toString(), "-o", out.toString(), "--threads", "2");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("1 of 5 file(s) failed") && r.err().contains("corrupt.wav"), r.err());
        assertTrue(r.out().contains("4 done, 0 skipped (already complete), 1 failed"), r.out());

        for (String name : List.of("a.wav", "sub/b.wav", "c.aiff", "sub/deeper/d.wav")) {
            Tensor got = Npy.read(out.resolve(name + ".npy"));
            Tensor want = reference(name);
            int frames = want.dim(2);
            assertArrayEquals(new int[] {frames, MELS}, got.shape(), name);
            assertArrayEquals(want.data(), got.data(), (float) TOL, name);
        }
        // Nothing for the corrupt file, no temporary leftovers, no output for notes.txt.
        List<String> names = files(out).stream().map(p -> out.relativize(p).toString()).toList();
        assertEquals(List.of("a.wav.npy", "c.aiff.npy", Manifest.FILE_NAME, "sub/b.wav.npy", "sub/deeper/d.wav.npy"),
                names);

        List<JsonNode> m = manifest(out);
        assertEquals(5, m.size());
        Map<String, JsonNode> byOutput = new HashMap<>();
        for (JsonNode n : m) {
            if (n.get("status").asText().equals("failed")) {
                assertTrue(n.get("input").asText().endsWith("corrupt.wav"), n.toString());
                assertTrue(n.get("error").asText().contains("corrupt.wav"), n.toString());
            } else {
                byOutput.put(n.get("output").asText(), n);
            }
        }
        JsonNode b = byOutput.get("sub/b.wav.npy");
        assertEquals(in.resolve("sub/b.wav").toAbsolutePath().normalize().toString(), b.get("input").asText());
        assertEquals(44_100, b.get("source_sample_rate_hz").asInt());
        assertEquals(2, b.get("source_channels").asInt());
        assertEquals(RATE, b.get("sample_rate_hz").asInt());
        assertEquals((double) RATE / HOP, b.get("frame_rate_hz").asDouble(), 0.0);
        assertTrue(b.get("settings").isObject(), b.toString());
        assertEquals("constant", b.get("settings").get("pad_mode").asText());
        assertEquals(HOP, b.get("settings").get("hop_length").asInt());
        assertEquals(1.3, b.get("seconds").asDouble(), 1e-9);
        int frames = 1 + (int) Math.round(1.3 * RATE) / HOP; // centred STFT: 1 + samples / hop
        assertEquals(frames, b.get("frames").asInt());
        assertEquals(frames, b.get("shape").get(0).asInt());
        assertEquals(MELS, b.get("shape").get(1).asInt());
        for (JsonNode n : byOutput.values()) {
            assertEquals(Checksums.sha256(out.resolve(n.get("output").asText())), n.get("sha256").asText());
        }
    }

    @Test
    void numpyReadsTheOutput(@TempDir Path out) throws Exception {
        assertEquals(0, run("features", in.resolve("sub/b.wav").toString(), "-o", out.toString()).code());
        Tensor want = reference("sub/b.wav");
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", "import numpy as np, sys; a = np.load(sys.argv[1]);"
                    + " print(a.dtype, a.shape[0], a.shape[1], repr(float(a.astype(np.float64).sum())))",
                    out.resolve("b.wav.npy").toString()).redirectErrorStream(true).start();
        } catch (IOException noPython) {
            org.junit.jupiter.api.Assumptions.abort("python3 not available: " + noPython.getMessage());
            return;
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0 && !text.contains("No module named"), text);
        String[] parts = text.split(" ");
        assertEquals("float32", parts[0], text);
        assertEquals(want.dim(2), Integer.parseInt(parts[1]), text);
        assertEquals(MELS, Integer.parseInt(parts[2]), text);
        double sum = 0;
        for (float v : want.data()) {
            sum += v;
        }
        assertEquals(sum, Double.parseDouble(parts[3]), Math.abs(sum) * 1e-6 + TOL * want.data().length);
    }

    @Test
    void resumeSkipsCompleteOutputsAndRedoesDamagedOrMissingOnes(@TempDir Path out) throws Exception {
        assertEquals(1, run("features", in.toString(), "-o", out.toString()).code());
        Path a = out.resolve("a.wav.npy");
        Path c = out.resolve("c.aiff.npy");
        Path b = out.resolve("sub/b.wav.npy");
        FileTime old = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(a, old);
        byte[] cBytes = Files.readAllBytes(c);
        // c: cut short, as a crashed writer without the rename would leave it; b: deleted.
        Files.write(c, java.util.Arrays.copyOf(cBytes, cBytes.length / 2));
        Files.delete(b);

        Run r = run("features", in.toString(), "-o", out.toString());
        assertEquals(1, r.code(), r.err()); // the corrupt file fails again
        assertTrue(r.out().contains("2 done, 2 skipped (already complete), 1 failed"), r.out());
        assertEquals(old, Files.getLastModifiedTime(a), "a complete output must not be rewritten");
        assertArrayEquals(cBytes, Files.readAllBytes(c));
        assertArrayEquals(reference("sub/b.wav").data(), Npy.read(b).data(), (float) TOL);

        // Other settings are other features: nothing is skipped.
        Run other = run("features", in.resolve("a.wav").toString(), "-o", out.toString(), "--n-mels", "32");
        assertTrue(other.out().contains("1 done, 0 skipped"), other.out());
        assertArrayEquals(new int[] {reference("a.wav").dim(2), 32}, Npy.read(a).shape());
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalOutputs(@TempDir Path out1, @TempDir Path out2) throws Exception {
        assertEquals(1, run("features", in.toString(), "-o", out1.toString(), "--threads", "1").code());
        assertEquals(1, run("features", in.toString(), "-o", out2.toString(), "--threads", "2").code());
        for (String name : List.of("a.wav", "sub/b.wav", "c.aiff", "sub/deeper/d.wav")) {
            assertArrayEquals(Files.readAllBytes(out1.resolve(name + ".npy")), Files.readAllBytes(out2.resolve(name + ".npy")),
                    name);
        }
    }

    @Test
    void csvHoldsOneLinePerFrame(@TempDir Path out) throws Exception {
        Run r = run("features", in.resolve("a.wav").toString(), "-o", out.toString(), "--format", "csv");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("a.wav.csv"));
        Tensor want = reference("a.wav");
        assertEquals(want.dim(2), lines.size());
        for (int t = 0; t < lines.size(); t++) {
            String[] cells = lines.get(t).split(",");
            assertEquals(MELS, cells.length);
            for (int m = 0; m < MELS; m++) {
                assertEquals(want.data()[t * MELS + m], Float.parseFloat(cells[m]), TOL);
            }
        }
        assertEquals("a.wav.csv", manifest(out).get(0).get("output").asText());
    }

    @Test
    void globsPickMatchingAudioOnly(@TempDir Path out) throws Exception {
        Run top = run("features", in + "/*.wav", "-o", out.toString());
        assertEquals(1, top.code(), top.err()); // a.wav and corrupt.wav
        assertTrue(top.out().contains("1 done, 0 skipped (already complete), 1 failed"), top.out());
        Run deep = run("features", in + "/sub/**.wav", "-o", out.resolve("deep").toString());
        assertEquals(0, deep.code(), deep.err());
        assertTrue(Files.exists(out.resolve("deep/b.wav.npy")) && Files.exists(out.resolve("deep/deeper/d.wav.npy")));
    }

    @Test
    void pngHasTheDocumentedSizeAndFeatureMaps(@TempDir Path out) throws Exception {
        Path[] cnn = TestAudio.cnn(out);
        Run r = run("features", in.resolve("sub/b.wav").toString(), "-o", out.resolve("o").toString(), "--n-mels", "16",
                "--arch", cnn[0].toString(), "--weights", cnn[1].toString(), "--png", "--png-maps", "3");
        assertEquals(0, r.code(), r.err());
        BufferedImage img = ImageIO.read(out.resolve("o/b.wav.npy.png").toFile());
        int frames = reference("sub/b.wav").dim(2);
        assertArrayEquals(SpectrogramPng.imageSize(frames, 16), new int[] {img.getWidth(), img.getHeight()});
        // Inside the plot: viridis colours, not the white background.
        assertNotEquals(0xFFFFFF, img.getRGB(SpectrogramPng.LEFT + 5, SpectrogramPng.TOP + 5) & 0xFFFFFF);
        BufferedImage maps = ImageIO.read(out.resolve("o/b.wav.npy.maps.png").toFile());
        assertTrue(maps.getHeight() > 3 * 72, "three map panels");
    }

    @Test
    void cnnFramesAndEmbeddingEqualTheJavaApi(@TempDir Path out) throws Exception {
        Path[] cnn = TestAudio.cnn(out);
        FeatureExtractor fx = FeatureExtractor.load(cnn[0], cnn[1], Kernels.preferred());
        LogMelConfig c = LogMelConfig.builder(RATE).nFft(512).hop(HOP).nMels(16).build();
        float[] mono = TestAudio.mono(samples.get("a.wav"), 1);
        Tensor mel = new LogMelSpectrogram(c).compute(mono, RATE);

        String[] common = {"features", in.resolve("a.wav").toString(), "--n-mels", "16", "--arch", cnn[0].toString(),
                "--weights", cnn[1].toString()};
        Run frames = run(concat(common, "-o", out.resolve("f").toString()));
        assertEquals(0, frames.code(), frames.err());
        Tensor got = Npy.read(out.resolve("f/a.wav.npy"));
        Tensor want = fx.forwardFrames(mel); // [1][C][T]
        int ch = want.dim(1);
        int t = want.dim(2);
        assertArrayEquals(new int[] {t, ch}, got.shape());
        for (int i = 0; i < t; i++) {
            for (int k = 0; k < ch; k++) {
                assertEquals(want.data()[k * t + i], got.data()[i * ch + k], 1e-5, "frame " + i + " channel " + k);
            }
        }
        Run emb = run(concat(common, "-o", out.resolve("e").toString(), "--cnn-output", "embedding"));
        assertEquals(0, emb.code(), emb.err());
        Tensor e = Npy.read(out.resolve("e/a.wav.npy"));
        assertArrayEquals(new int[] {6}, e.shape());
        assertArrayEquals(fx.forward(mel).data(), e.data(), 1e-5f);
    }

    @Test
    void usageErrorsExitWithTwo(@TempDir Path out) {
        assertEquals(2, run("features", "-o", out.toString()).code());
        assertEquals(2, run("features", in.toString(), "-o", out.toString(), "--mel-scale", "bark").code());
        Run missing = run("features", in.resolve("nope.wav").toString(), "-o", out.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.wav"), missing.err());
        assertEquals(2, run("features", in.toString(), "-o", out.toString(), "--arch", "x.json").code());
        assertFalse(Files.exists(out.resolve("a.wav.npy")));
    }

    @Test
    void aTruncatedWavIsExtractedAsItIsAndWarnedAboutOnStderrAndInTheManifest(@TempDir Path tmp) throws Exception {
        byte[] bytes = Files.readAllBytes(in.resolve("a.wav")); // 1 s at 16 kHz, mono 16-bit
        Path cut = tmp.resolve("in/cut.wav");
        Files.createDirectories(cut.getParent());
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 8_000 * 2));
        Path out = tmp.resolve("out");
        Run r = run("features", cut.getParent().toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("features: warning: " + cut + ": truncated: its header claims 16000 frames"), r.err());
        JsonNode line = manifest(out).get(0);
        assertEquals("ok", line.get("status").asText());
        assertEquals(0.5, line.get("seconds").asDouble(), 1e-9);
        assertTrue(line.get("warnings").get(0).asText().contains("holds 8000 frames"), line.toString());
        Run again = run("features", in.resolve("a.wav").toString(), "-o", tmp.resolve("intact").toString());
        assertFalse(again.err().contains("warning"), again.err());
        assertFalse(manifest(tmp.resolve("intact")).get(0).has("warnings"));
    }

    @Test
    void anEmptyInputSetWarnsPerArgumentExitsOneAndWritesNothing(@TempDir Path tmp) throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("readme.txt"), "no audio here");
        Path out = tmp.resolve("out");
        Run r = run("features", empty.toString(), in + "/*.flac", "-o", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("warning: the folder '" + empty + "' holds no audio file"), r.err());
        assertTrue(r.err().contains("warning: the glob '" + in + "/*.flac' matches no audio file"), r.err());
        assertTrue(r.err().contains("error: no audio file in "), r.err());
        assertFalse(Files.exists(out), "nothing written, not even the manifest");
    }

    @Test
    void anEmptyFolderBesideAudioIsAWarningOnly(@TempDir Path tmp) throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Run r = run("features", empty.toString(), in.resolve("a.wav").toString(), "-o", tmp.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: the folder '" + empty + "' holds no audio file"), r.err());
        assertTrue(Files.exists(tmp.resolve("out/a.wav.npy")));
    }

    /** Issue 15's message list: each is one line with the path and the reason, the path said once. */
    @Test
    void outputFolderProblemsAndBadInputsAreOneLineNamingThePathOnce(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        Run isAFile = run("features", in.resolve("a.wav").toString(), "-o", file.toString());
        assertEquals(1, isAFile.code(), isAFile.err());
        assertEquals(List.of("error: " + file + ": is a file, not a folder; give an output folder"), ours(isAFile.err()));

        Path under = file.resolve("out");
        Run underAFile = run("features", in.resolve("a.wav").toString(), "-o", under.toString());
        assertEquals(1, underAFile.code(), underAFile.err());
        assertEquals(List.of("error: " + under + ": the output folder cannot be created: " + file
                + " is a file, not a directory"), ours(underAFile.err()));

        Run missing = run("features", tmp.resolve("nope.wav").toString(), "-o", tmp.resolve("o").toString());
        assertEquals(2, missing.code());
        assertEquals(1, ours(missing.err()).size(), "one line, no usage text: " + missing.err());

        Run corrupt = run("features", in.resolve("corrupt.wav").toString(), "-o", tmp.resolve("o").toString());
        assertEquals(1, corrupt.code());
        String line = corrupt.err().lines().filter(l -> l.startsWith("  ")).findFirst().orElseThrow();
        assertEquals(1, line.split(java.util.regex.Pattern.quote(in.resolve("corrupt.wav").toString()), -1).length - 1,
                "the file is named once: " + line);
    }

    /** stderr without the log's INFO lines and the progress lines. */
    private static List<String> ours(String err) {
        return err.lines().filter(l -> !l.startsWith("INFO: ") && !l.startsWith("WARNING: ")
                && !l.startsWith("features: ") && !l.startsWith("[")).toList();
    }

    @Test
    void helpDocumentsTheShapes() {
        Run r = run("features", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("[frames][n_mels]") && r.out().contains("[frames'][C]") && r.out().contains("--threads"),
                r.out());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
