package dev.convstream.batch;

import dev.convstream.audio.Resampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.features.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResamplingAndManifestTest {

    /**
     * A 1 kHz sine, well inside both bands, resampled 44.1 kHz -> 16 kHz and 8 kHz -> 16 kHz is
     * the same sine at the new rate. Away from the ends (the filter's half-length), the error
     * is libresample's passband ripple and interpolation error: 2e-3 of full scale is loose
     * for its high-quality mode but catches a wrong ratio or a shift.
     */
    @Test
    void resampledSineIsTheSameSine() {
        for (int from : new int[] {44_100, 8_000}) {
            float[] x = new float[from];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / from));
            }
            float[] y = Resampling.resample(x, from, 16_000);
            assertEquals(16_000, y.length);
            double worst = 0;
            for (int i = 200; i < y.length - 200; i++) {
                worst = Math.max(worst, Math.abs(y[i] - 0.5 * Math.sin(2 * Math.PI * 1000 * i / 16_000.0)));
            }
            assertTrue(worst < 2e-3, from + " Hz: worst error " + worst);
        }
    }

    @Test
    void tornLastLineIsIgnoredAndTheNextEntryStartsOnItsOwnLine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("a.wav.npy");
        Npy.write(out, new float[] {1, 2}, 1, 2);
        String sha = Checksums.sha256(out);
        try (Manifest m = Manifest.open(dir)) {
            m.recordOk(new Manifest.Entry("/in/a.wav", "a.wav.npy", new int[] {1, 2}, 1, 0.1, 8000, 1, 16000, sha, "s"));
        }
        Files.writeString(dir.resolve(Manifest.FILE_NAME), "{\"input\":\"/in/b.wav\",\"output\":\"b.w",
                java.nio.file.StandardOpenOption.APPEND);
        try (Manifest m = Manifest.open(dir)) {
            assertTrue(m.isComplete("/in/a.wav", "a.wav.npy", "s"));
            assertFalse(m.isComplete("/in/a.wav", "a.wav.npy", "other settings"));
            assertFalse(m.isComplete("/in/b.wav", "b.wav.npy", "s"));
            m.recordFailure("/in/c.wav", "bad", "s");
        }
        List<String> lines = Files.readAllLines(dir.resolve(Manifest.FILE_NAME));
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).startsWith("{\"input\":\"/in/c.wav\""), lines.get(2));
        Files.write(out, new byte[] {1, 2, 3});
        try (Manifest m = Manifest.open(dir)) {
            assertFalse(m.isComplete("/in/a.wav", "a.wav.npy", "s"), "a changed output is not complete");
        }
    }
}
