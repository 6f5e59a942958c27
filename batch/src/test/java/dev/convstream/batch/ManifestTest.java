package dev.convstream.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.features.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

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
