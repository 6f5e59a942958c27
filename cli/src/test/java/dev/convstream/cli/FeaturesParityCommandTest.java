package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convstream.batch.Manifest;
import dev.convstream.batch.TestAudio;
import dev.convstream.features.FeatureKind;
import dev.convstream.features.FeatureLayout;
import dev.convstream.features.FeatureSpec;
import dev.convstream.features.LogMelConfig;
import dev.convstream.features.SpectralFeatures;
import dev.convstream.features.dsp.DbReference;
import dev.convstream.features.io.Npy;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.TestWav;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The librosa-parity options of {@code convstream features} end to end (the numbers themselves
 * are checked against numpy in conv-core's LibrosaParityGoldenTest; here: the CLI passes every
 * option to the same API), the manifest across reruns, and file names under {@code LANG=C}.
 * The input is at the front-end rate, so the CLI and the API see the same samples and must
 * agree exactly.
 */
class FeaturesParityCommandTest {
    private static final int RATE = 16_000;

    private static float[] wav(Path file) throws Exception {
        short[] s = TestAudio.signal(RATE, 1, 0.6, 42);
        TestWav.write(file, s, RATE, 1, AudioFileFormat.Type.WAVE);
        return TestAudio.mono(s, 1);
    }

    @Test
    void mfccWithLifterFeaturesFirstIsWhatTheApiGives(@TempDir Path dir) throws Exception {
        float[] x = wav(dir.resolve("a.wav"));
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("features", dir.resolve("a.wav").toString(), "-o",
                dir.resolve("out").toString(), "--feature", "mfcc", "--n-mfcc", "13", "--lifter", "22",
                "--layout", "features-first", "--window", "blackman", "--htk", "--mel-norm", "none");
        assertEquals(0, r.code(), r.err());
        LogMelConfig c = LogMelConfig.builder(RATE).nFft(512).hop(160).nMels(64).window(
                dev.convstream.features.dsp.WindowType.BLACKMAN).melScale(dev.convstream.features.dsp.MelScale.HTK)
                .slaneyNorm(false).build();
        Tensor want = new SpectralFeatures(new FeatureSpec(FeatureKind.MFCC, c, 13, 22, FeatureLayout.FEATURES_FIRST))
                .compute(x, RATE);
        Tensor got = Npy.read(dir.resolve("out/a.wav.npy"));
        assertArrayEquals(want.shape(), got.shape());
        assertEquals(13, got.dim(0));
        assertArrayEquals(want.data(), got.data(), 0f);
        assertTrue(r.out().contains("[13][frames] mfcc (dB)"), r.out());
    }

    @Test
    void amplitudeDbWithRefMaxPeaksAtZeroAndMatchesTheApi(@TempDir Path dir) throws Exception {
        float[] x = wav(dir.resolve("a.wav"));
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("features", dir.resolve("a.wav").toString(), "-o",
                dir.resolve("out").toString(), "--feature", "log-stft", "--power", "1", "--ref", "max",
                "--pad-mode", "edge");
        assertEquals(0, r.code(), r.err());
        LogMelConfig c = LogMelConfig.builder(RATE).nFft(512).hop(160).power(1).ref(DbReference.MAX)
                .padMode(dev.convstream.features.dsp.StftConfig.PadMode.EDGE).build();
        Tensor want = new SpectralFeatures(new FeatureSpec(FeatureKind.LOG_STFT, c, 20, 0, FeatureLayout.FRAMES_FIRST))
                .compute(x, RATE);
        Tensor got = Npy.read(dir.resolve("out/a.wav.npy"));
        assertArrayEquals(new int[] {want.dim(0), 257}, got.shape());
        assertArrayEquals(want.data(), got.data(), 0f);
        float max = Float.NEGATIVE_INFINITY;
        for (float v : got.data()) {
            max = Math.max(max, v);
        }
        assertEquals(0f, max, 0f, "ref=max puts the loudest bin at 0 dB");
        JsonNode settings = FeaturesCommandTest.manifest(dir.resolve("out")).get(0).get("settings");
        assertEquals("max", settings.get("ref").asText());
        assertEquals(1e-5, settings.get("amin").asDouble(), 0.0, "amplitude_to_db's default amin");
        assertEquals("edge", settings.get("pad_mode").asText());
    }

    /** A frame-wise RTNeural model (one dense layer) over 8 log-mel bands: y[t] = x[t] W + b per frame. */
    @Test
    void anRtNeuralFrameModelRunsOverTheFeatureFrames(@TempDir Path dir) throws Exception {
        float[] x = wav(dir.resolve("a.wav"));
        float[][] w = new float[8][2];
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            w[i][0] = 0.1f * (i + 1);
            w[i][1] = i % 2 == 0 ? 0.05f : -0.05f;
            rows.append(i == 0 ? "" : ",").append("[").append(w[i][0]).append(",").append(w[i][1]).append("]");
        }
        Path json = dir.resolve("dense.json");
        Files.writeString(json, "{\"in_shape\":[null,null,8],\"layers\":[{\"type\":\"dense\",\"activation\":\"\","
                + "\"shape\":[null,null,2],\"weights\":[[" + rows + "],[0.5,-1.0]]}]}");
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("features", dir.resolve("a.wav").toString(), "-o",
                dir.resolve("out").toString(), "--n-mels", "8", "--model", json.toString());
        assertEquals(0, r.code(), r.err());
        Tensor mel = new SpectralFeatures(FeatureSpec.logMel(LogMelConfig.builder(RATE).nFft(512).hop(160).nMels(8)
                .build())).compute(x, RATE);
        int frames = mel.dim(0);
        Tensor got = Npy.read(dir.resolve("out/a.wav.npy"));
        assertArrayEquals(new int[] {frames, 2}, got.shape());
        for (int t = 0; t < frames; t++) {
            for (int o = 0; o < 2; o++) {
                double want = o == 0 ? 0.5 : -1.0;
                for (int i = 0; i < 8; i++) {
                    want += mel.data()[t * 8 + i] * w[i][o];
                }
                // float32 sums of 8 products of values up to ~100 dB: 1e-4 relative to the sum's size.
                assertEquals(want, got.data()[t * 2 + o], 1e-4 * (1 + Math.abs(want)), "frame " + t + " output " + o);
            }
        }
        assertTrue(FeaturesCommandTest.manifest(dir.resolve("out")).get(0).get("settings").has("rtneural"));

        FeaturesCommandTest.Run mismatch = FeaturesCommandTest.run("features", dir.resolve("a.wav").toString(), "-o",
                dir.resolve("out2").toString(), "--model", json.toString());
        assertEquals(2, mismatch.code(), mismatch.err());
        assertTrue(mismatch.err().contains("takes frames of 8 values, the front end gives 64 log-mel values"),
                mismatch.err());
    }

    @Test
    void optionsThatCannotWorkTogetherAreUsageErrors(@TempDir Path dir) throws Exception {
        wav(dir.resolve("a.wav"));
        String in = dir.resolve("a.wav").toString();
        String out = dir.resolve("out").toString();
        // option arguments -> what the first line of the error must say
        Map<List<String>, String> cases = Map.of(
                List.of("--feature", "mfcc", "--png"), "--png draws log-mel spectrograms",
                List.of("--window", "kaiser"), "--window: window must be one of hann, hamming",
                List.of("--pad-mode", "replicate"), "--pad-mode: pad_mode must be one of constant, reflect",
                List.of("--ref", "loudest"), "--ref: ref must be 'max' or a positive number, found 'loudest'",
                List.of("--layout", "time-major"), "--layout: layout must be frames-first or features-first",
                List.of("--feature", "mfcc", "--n-mfcc", "65"), "n_mfcc must be in [1, 64], found 65",
                List.of("--htk", "--mel-scale", "slaney"), "--htk and --mel-scale slaney contradict each other");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of("features", in, "-o", out));
            args.addAll(c.getKey());
            FeaturesCommandTest.Run r = FeaturesCommandTest.run(args.toArray(String[]::new));
            assertEquals(2, r.code(), c.getKey() + ": " + r.err());
            String first = r.err().lines().findFirst().orElse("");
            assertTrue(first.contains(c.getValue()), c.getKey() + ": " + first);
        }
    }

    @Test
    void aRerunRecordsAFailureOnceAndATornLineIsRepaired(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        wav(in.resolve("a.wav"));
        Files.write(in.resolve("broken.wav"), "RIFF not a wave".getBytes(StandardCharsets.US_ASCII));
        Path out = dir.resolve("out");
        assertEquals(1, FeaturesCommandTest.run("features", in.toString(), "-o", out.toString()).code());
        assertEquals(2, FeaturesCommandTest.manifest(out).size());
        FeaturesCommandTest.Run again = FeaturesCommandTest.run("features", in.toString(), "-o", out.toString());
        assertEquals(1, again.code());
        assertTrue(again.out().contains("0 done, 1 skipped (already complete), 1 failed"), again.out());
        assertEquals(2, FeaturesCommandTest.manifest(out).size(), "the same failure is not appended again");

        Files.writeString(out.resolve(Manifest.FILE_NAME), "{\"input\":\"/x.wav\",\"sta",
                java.nio.file.StandardOpenOption.APPEND); // what a kill mid-write leaves
        assertEquals(1, FeaturesCommandTest.run("features", in.toString(), "-o", out.toString()).code());
        List<JsonNode> lines = FeaturesCommandTest.manifest(out); // parses every line: strict JSONL
        assertEquals(2, lines.size());
    }

    /**
     * Under {@code LANG=C}/{@code LC_ALL=C} the JVM's file name charset is ASCII; a folder with
     * non-ASCII names (UTF-8 bytes and one invalid byte) must still be done file by file. The
     * names are made by {@code sh} from octal escapes, so this JVM's own charset does not
     * matter; the CLI runs in a child JVM with the C locale.
     */
    @Test
    void underTheCLocaleNonAsciiNamesAreDoneWithEscapedOutputNames(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        wav(in.resolve("plain.wav"));
        Process mk = new ProcessBuilder("sh", "-c", "cp plain.wav \"$(printf 'caf\\303\\251.wav')\""
                + " && cp plain.wav \"$(printf '\\346\\227\\245\\346\\234\\254.wav')\""
                + " && cp plain.wav \"$(printf 'bad\\377.wav')\"").directory(in.toFile()).inheritIO().start();
        Assumptions.assumeTrue(mk.waitFor() == 0, "sh could not create the non-ASCII names on this file system");
        Path out = dir.resolve("out");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ConvstreamCommand.class.getName(),
                "features", in.toString(), "-o", out.toString(), "--threads", "2");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals("LANGUAGE"));
        env.put("LANG", "C");
        env.put("LC_ALL", "C");
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the CLI did not finish");
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("4 done, 0 skipped (already complete), 0 failed"), text);
        Tensor plain = Npy.read(out.resolve("plain.wav.npy"));
        for (String name : List.of("caf%C3%A9.wav.npy", "%E6%97%A5%E6%9C%AC.wav.npy", "bad%FF.wav.npy")) {
            assertArrayEquals(plain.data(), Npy.read(out.resolve(name)).data(), 0f, name);
        }
        List<JsonNode> lines = FeaturesCommandTest.manifest(out);
        assertEquals(4, lines.size());
        assertEquals(4, lines.stream().map(n -> n.get("input").asText()).distinct().count(), "one key per file");
    }
}
