package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.audio.AudioLoader;
import dev.convstream.audio.WavWriter;
import dev.convstream.batch.BatchExtractor;
import dev.convstream.batch.FeaturePipeline;
import dev.convstream.batch.InputCollector;
import dev.convstream.batch.InputFile;
import dev.convstream.batch.OutputFormat;
import dev.convstream.features.LogMelConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch progress display of {@code convstream features}, and its live mode's device errors. */
class FeaturesProgressTest {

    private static BatchExtractor extractor(Path out) {
        LogMelConfig c = LogMelConfig.builder(16_000).nFft(512).hop(160).nMels(32).build();
        return new BatchExtractor(FeaturePipeline.logMel(c), AudioLoader.fromEnvironment(), OutputFormat.NPY, out, 1, null);
    }

    private static float[] noise(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.3 * r.nextGaussian());
        }
        return x;
    }

    @Test
    void progressDrawsABarOnATerminalAndLinesElsewhere(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        for (int i = 0; i < 3; i++) {
            WavWriter.write(in.resolve("f" + i + ".wav"), new float[][] {noise(3_200, i)}, 16_000, WavWriter.Format.PCM_16);
        }
        List<InputFile> files = InputCollector.collect(List.of(in.toString()));
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        extractor(dir.resolve("a")).run(files, new ProgressReporter(new PrintStream(bar, true, StandardCharsets.UTF_8), true));
        String b = bar.toString(StandardCharsets.UTF_8);
        assertTrue(b.contains("\r\033[K[") && b.contains("3/3 100%") && b.contains("ETA"), b);
        assertTrue(b.contains("[" + "#".repeat(30) + "]"), b);

        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        extractor(dir.resolve("a")).run(files, new ProgressReporter(new PrintStream(lines, true, StandardCharsets.UTF_8), false));
        String l = lines.toString(StandardCharsets.UTF_8);
        assertFalse(l.contains("\r"), l);
        assertTrue(l.contains("[3/3] skipped f2.wav (already complete)"), l);
        assertEquals(4, l.lines().count(), l);
    }

    @Test
    void liveWithoutSuchADeviceExitsWithThree() {
        FeaturesCommandTest.Run r = FeaturesCommandTest.run("features", "--live", "--seconds", "0.1", "--in",
                "no-such-device-7f3a");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("capture device"), r.err());
    }

}
