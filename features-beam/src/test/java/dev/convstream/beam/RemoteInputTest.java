package dev.convstream.beam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.audio.AudioLoader;
import dev.convstream.batch.BatchExtractor;
import dev.convstream.batch.FileJob;
import dev.convstream.batch.InputCollector;
import dev.convstream.batch.Manifest;
import dev.convstream.batch.OutputFormat;
import dev.convstream.testing.TestWav;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs on another Beam file system than the local one (here {@link MirrorFileSystem}, which
 * stands for S3 or GCS: read only through Beam's {@code FileSystems}): the job runs on a local
 * copy and gives the local executor's bytes; the manifest and dead letters name the URI; no copy
 * is left behind.
 */
class RemoteInputTest {

    @TempDir
    Path dir;

    @Test
    void anObjectOnAnotherFileSystemGivesTheLocalBytesKeyedByItsUri() throws Exception {
        Path corpus = dir.resolve("corpus");
        Files.createDirectories(corpus);
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int rate = i == 1 ? 44_100 : 16_000;
            float[][] planar = new float[1][rate / 4];
            for (int n = 0; n < planar[0].length; n++) {
                planar[0][n] = (float) (0.3 * Math.sin(2 * Math.PI * (220 + 110 * i) * n / rate));
            }
            Path f = corpus.resolve("clip" + i + ".wav");
            TestWav.write(f, planar, new AudioFormat(rate, 16, 1, true, false), AudioFileFormat.Type.WAVE);
            files.add(f.toString());
        }
        Path bad = corpus.resolve("bad.wav");
        Files.writeString(bad, "not audio\n");
        files.add(bad.toString());

        Path local = dir.resolve("local");
        FileJob job = new FileJob(BeamFeaturesTest.recipe().build(), AudioLoader.fromEnvironment(), OutputFormat.NPY, null);
        new BatchExtractor(job, local, 1).run(InputCollector.collect(files), BatchExtractor.Listener.NONE);

        List<String> uris = files.stream().map(f -> MirrorFileSystem.uri(Path.of(f))).toList();
        long copiesBefore = stagedCopies();
        Path remote = dir.resolve("remote");
        PipelineOptions options = PipelineOptionsFactory.create();
        options.setRunner(DirectRunner.class);
        BeamFeatures.Summary s = new BeamFeatures(BeamFeaturesTest.recipe(), OutputFormat.NPY, remote, false,
                AttemptHook.NONE).run(uris, null, options, BeamFeatures.Progress.NONE);

        assertEquals(3, s.done());
        assertEquals(1, s.failed());
        for (int i = 0; i < 3; i++) {
            String out = "clip" + i + ".wav.npy";
            assertArrayEquals(Files.readAllBytes(local.resolve(out)), Files.readAllBytes(remote.resolve(out)), out);
        }
        // The same lines, but for the key: the local path there, the URI here.
        List<String> expected = lines(local.resolve(Manifest.FILE_NAME)).stream()
                .map(l -> l.replace(corpus.toString(), MirrorFileSystem.SCHEME + "://" + corpus)).sorted().toList();
        assertEquals(expected, lines(remote.resolve(Manifest.FILE_NAME)));
        String dead = Files.readString(remote.resolve(DeadLetter.FILE_NAME));
        assertTrue(dead.contains(MirrorFileSystem.uri(bad)) && !dead.contains("convstream-input-"), dead);
        assertEquals(copiesBefore, stagedCopies(), "every local copy is deleted");
    }

    @Test
    void anObjectThatCannotBeReadLeavesNoCopy() throws Exception {
        // Beam's FileSystems learn the registrars from options; a pipeline run does this too.
        org.apache.beam.sdk.io.FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
        long before = stagedCopies();
        String uri = MirrorFileSystem.uri(dir.resolve("gone.wav"));
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> RemoteInput.stage(uri, "gone.wav"));
        assertTrue(e.getMessage().contains("gone.wav"), e.getMessage());
        assertEquals(before, stagedCopies());
    }

    private static long stagedCopies() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("convstream-input-")).count();
        }
    }

    private static List<String> lines(Path manifest) throws IOException {
        return Files.readAllLines(manifest, StandardCharsets.UTF_8).stream().sorted().toList();
    }
}
