package dev.convstream.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.features.LogMelConfig;
import dev.convstream.audio.AudioFileReader;
import dev.convstream.audio.AudioLoader;
import dev.convstream.audio.FfmpegDecoder;
import dev.convstream.testing.TestWav;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch engine used from Java, without the command line. */
class BatchExtractorTest {

    private static BatchExtractor extractor(Path out, String ffmpegPath) {
        LogMelConfig c = LogMelConfig.builder(16_000).nFft(512).hop(160).nMels(32).build();
        return new BatchExtractor(FeaturePipeline.logMel(c), new AudioLoader(new AudioFileReader(new FfmpegDecoder(ffmpegPath))),
                OutputFormat.NPY, out, 1, null);
    }

    @Test
    void formatsNeedingFfmpegFailWithAMessageWhenItIsMissing(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        TestWav.write(in.resolve("ok.wav"), TestAudio.signal(16_000, 1, 0.3, 1), 16_000, 1, AudioFileFormat.Type.WAVE);
        Files.write(in.resolve("song.mp3"), new byte[] {(byte) 0xFF, (byte) 0xFB, 0x10, 0x00});
        Path out = dir.resolve("out");
        BatchExtractor.Summary s = extractor(out, "").run(InputCollector.collect(List.of(in.toString())),
                BatchExtractor.Listener.NONE);
        assertEquals(1, s.count(BatchExtractor.Status.DONE));
        assertEquals(1, s.failures().size());
        String error = s.failures().get(0).error();
        assertTrue(error.contains("song.mp3") && error.contains("ffmpeg") && error.contains("apt-get install ffmpeg"), error);
        assertFalse(Files.exists(out.resolve("song.mp3.npy")));
        assertTrue(Files.exists(out.resolve("ok.wav.npy")));
    }

    @Test
    void temporariesOfAKilledRunAreRemoved(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("k.wav");
        TestWav.write(f, TestAudio.signal(16_000, 1, 0.3, 2), 16_000, 1, AudioFileFormat.Type.WAVE);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Path stale = out.resolve(".k.wav.npy.1f2e3d.tmp");
        Path unrelated = out.resolve(".k.wav.npy.wav.npy.1f2e3d.tmp"); // the temporary of input k.wav.npy.wav
        Files.write(stale, new byte[] {1, 2});
        Files.write(unrelated, new byte[] {1, 2});
        // Left by a run that ended before this JVM started (AtomicFiles removes only those).
        for (Path p : List.of(stale, unrelated)) {
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        }
        BatchExtractor.Summary s = extractor(out, "").run(List.of(new InputFile(f, "k.wav")), BatchExtractor.Listener.NONE);
        assertEquals(1, s.count(BatchExtractor.Status.DONE));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(unrelated), "only this output's temporaries are touched");
    }

    @Test
    void tooShortForOneFrameIsAFailureNotAnEmptyFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tiny.wav");
        TestWav.write(f, TestAudio.signal(16_000, 1, 0.01, 1), 16_000, 1, AudioFileFormat.Type.WAVE);
        LogMelConfig c = LogMelConfig.builder(16_000).nFft(512).hop(160).nMels(32).center(false).build();
        BatchExtractor b = new BatchExtractor(FeaturePipeline.logMel(c), AudioLoader.fromEnvironment(), OutputFormat.NPY,
                dir.resolve("out"), 1, null);
        BatchExtractor.Summary s = b.run(List.of(new InputFile(f, "tiny.wav")), BatchExtractor.Listener.NONE);
        assertTrue(s.failures().get(0).error().contains("too short"), s.failures().toString());
        assertFalse(Files.exists(dir.resolve("out/tiny.wav.npy")));
    }

    /**
     * Only where ffmpeg is installed: a FLAC copy of a WAV file (lossless) decodes through the
     * host's ffmpeg path to the same features as the WAV through Java Sound (1e-4 dB: the same
     * 16-bit samples, ffmpeg only re-encodes them).
     */
    @Test
    void flacThroughFfmpegEqualsTheWav(@TempDir Path dir) throws Exception {
        FfmpegDecoder ffmpeg = FfmpegDecoder.fromEnvironment();
        org.junit.jupiter.api.Assumptions.assumeTrue(ffmpeg.locate().isPresent(), "ffmpeg is not installed");
        Path wav = dir.resolve("in/x.wav");
        TestWav.write(wav, TestAudio.signal(16_000, 1, 0.5, 4), 16_000, 1, AudioFileFormat.Type.WAVE);
        Path flac = dir.resolve("in/x.flac");
        Process p = new ProcessBuilder(ffmpeg.locate().get().toString(), "-loglevel", "error", "-i", wav.toString(),
                flac.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        Path out = dir.resolve("out");
        BatchExtractor.Summary s = extractor(out, System.getenv("PATH"))
                .run(InputCollector.collect(List.of(dir.resolve("in").toString())), BatchExtractor.Listener.NONE);
        assertEquals(2, s.count(BatchExtractor.Status.DONE), s.failures().toString());
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                dev.convstream.features.io.Npy.read(out.resolve("x.wav.npy")).data(),
                dev.convstream.features.io.Npy.read(out.resolve("x.flac.npy")).data(), 1e-4f);
    }
}
