package dev.convstream.beam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.batch.Manifest;
import dev.convstream.cli.FeaturesCommandTest;
import dev.convstream.cli.FeaturesCommandTest.Run;
import dev.convstream.testing.TestWav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convstream features --runner direct}, as a user types it, against the same command without --runner. */
class BeamCommandTest {

    private static Run run(String... args) {
        return FeaturesCommandTest.run(args);
    }


    @Test
    void directRunnerFromTheCommandLineEqualsTheLocalCommand(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        for (int i = 0; i < 4; i++) {
            int rate = i % 2 == 0 ? 16_000 : 44_100;
            float[][] planar = new float[1 + i % 2][(int) (rate * 0.3)];
            for (float[] ch : planar) {
                for (int n = 0; n < ch.length; n++) {
                    ch[n] = (float) (0.3 * Math.sin(2 * Math.PI * (300 + 100 * i) * n / rate));
                }
            }
            TestWav.write(in.resolve("c" + i + ".wav"), planar, new AudioFormat(rate, 16, planar.length, true, false),
                    AudioFileFormat.Type.WAVE);
        }
        Files.writeString(in.resolve("bad.wav"), "not audio");
        Path list = dir.resolve("list.txt");
        Files.writeString(list, in.resolve("c0.wav") + "\n" + in.resolve("c1.wav") + "\n\n");

        // A glob and a file (the folder form is BeamFeaturesTest's): the same names either way.
        String glob = in.resolve("c*.wav").toString();
        String file = in.resolve("bad.wav").toString();
        Run local = run("features", glob, file, "-o", dir.resolve("local").toString(), "--n-mels", "32");
        Run beam = run("features", glob, file, "-o", dir.resolve("beam").toString(), "--n-mels", "32",
                "--runner", "direct", "--targetParallelism=2");
        assertEquals(1, local.code(), local.err());
        assertEquals(1, beam.code(), "a bad input: exit 1, as locally\n" + beam.err());
        assertTrue(beam.out().contains("4 done, 0 skipped (already complete), 1 failed"), beam.out());
        for (int i = 0; i < 4; i++) {
            String name = "c" + i + ".wav.npy";
            assertArrayEquals(Files.readAllBytes(dir.resolve("local").resolve(name)),
                    Files.readAllBytes(dir.resolve("beam").resolve(name)), name);
        }
        assertEquals(Files.readAllLines(dir.resolve("local").resolve(Manifest.FILE_NAME)).stream().sorted().toList(),
                Files.readAllLines(dir.resolve("beam").resolve(Manifest.FILE_NAME)).stream().sorted().toList());
        List<String> dead = Files.readAllLines(dir.resolve("beam").resolve(DeadLetter.FILE_NAME));
        assertEquals(1, dead.size());
        assertEquals(in.resolve("bad.wav").toString(), DeadLetter.parse(dead.get(0)).input());

        Run listed = run("features", "--input-list", list.toString(), "-o", dir.resolve("listed").toString(),
                "--n-mels", "32", "--runner", "direct", "--format", "parquet");
        assertEquals(0, listed.code(), listed.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("local/c1.wav.npy")), Files.readAllBytes(dir.resolve("listed/c1.wav.npy")));
        try (var shards = Files.list(dir.resolve("listed").resolve(BeamFeatures.PARQUET_DIR))) {
            assertTrue(shards.anyMatch(p -> p.getFileName().toString().endsWith(".parquet")));
        }
    }

    @Test
    void usageErrorsNameTheOption(@TempDir Path dir) {
        Run spark = run("features", dir.toString(), "-o", dir.resolve("o").toString(), "--runner", "spark");
        assertEquals(2, spark.code());
        assertTrue(spark.err().contains("--runner spark is not available"), spark.err());
        Run master = run("features", dir.toString(), "--runner", "direct", "--flink-master", "h:1");
        assertEquals(2, master.code());
        assertTrue(master.err().contains("--flink-master needs --runner flink"), master.err());
        Run option = run("features", dir.toString(), "-o", dir.resolve("o2").toString(), "--runner", "direct",
                "--noSuchBeamOption=3");
        assertEquals(2, option.code());
        assertTrue(option.err().contains("noSuchBeamOption"), option.err());
    }
}
