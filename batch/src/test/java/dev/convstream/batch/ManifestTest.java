package dev.convstream.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.features.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode settings(String format) {
        return JSON.createObjectNode().put("feature", "log-mel").put("format", format);
    }

    /** Every line parses on its own, as a strict JSONL reader requires. */
    private static List<JsonNode> strictRead(Path dir) throws Exception {
        List<JsonNode> nodes = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(Manifest.FILE_NAME))) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    @Test
    void tornLastLineIsRemovedOnOpenSoAStrictReaderReadsTheFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("a.wav.npy");
        Npy.write(out, new float[] {1, 2}, 1, 2);
        String sha = Checksums.sha256(out);
        ObjectNode s = settings("npy");
        try (Manifest m = Manifest.open(dir)) {
            m.recordOk(new Manifest.Entry("/in/a.wav", "a.wav.npy", new int[] {1, 2}, 1, 0.1, 8000, 1, 16000, 100.0,
                    sha, s.toString(), List.of()));
        }
        Files.writeString(dir.resolve(Manifest.FILE_NAME), "{\"input\":\"/in/b.wav\",\"output\":\"b.w",
                java.nio.file.StandardOpenOption.APPEND);
        try (Manifest m = Manifest.open(dir)) {
            assertEquals(1, strictRead(dir).size(), "the torn line is gone as soon as the manifest is opened");
            assertTrue(m.isComplete("/in/a.wav", "a.wav.npy", s));
            assertFalse(m.isComplete("/in/a.wav", "a.wav.npy", settings("csv")));
            assertFalse(m.isComplete("/in/b.wav", "b.wav.npy", s));
            m.recordFailure("/in/c.wav", "bad", s);
        }
        List<JsonNode> lines = strictRead(dir);
        assertEquals(2, lines.size());
        assertEquals("/in/c.wav", lines.get(1).get("input").asText());
        JsonNode ok = lines.get(0);
        assertEquals(16000, ok.get("sample_rate_hz").asInt());
        assertEquals(100.0, ok.get("frame_rate_hz").asDouble());
        assertEquals(8000, ok.get("source_sample_rate_hz").asInt());
        assertTrue(ok.get("settings").isObject(), ok.toString());
        assertEquals("log-mel", ok.get("settings").get("feature").asText());
        Files.write(out, new byte[] {1, 2, 3});
        try (Manifest m = Manifest.open(dir)) {
            assertFalse(m.isComplete("/in/a.wav", "a.wav.npy", s), "a changed output is not complete");
        }
    }

    @Test
    void aRepeatedFailureIsRecordedOnceButANewOneOrOneAfterSuccessIsRecorded(@TempDir Path dir) throws Exception {
        ObjectNode s = settings("npy");
        for (int run = 0; run < 3; run++) {
            try (Manifest m = Manifest.open(dir)) {
                m.recordFailure("/in/c.wav", "too short", s);
            }
        }
        assertEquals(1, strictRead(dir).size());
        try (Manifest m = Manifest.open(dir)) {
            m.recordFailure("/in/c.wav", "too short", settings("csv"));   // other settings: a new fact
            m.recordFailure("/in/c.wav", "not a WAV", settings("csv"));   // another error: a new fact
            m.recordOk(new Manifest.Entry("/in/c.wav", "c.wav.csv", new int[] {1}, 1, 0.1, 8000, 1, 16000, Double.NaN,
                    "x", settings("csv").toString(), List.of()));
            m.recordFailure("/in/c.wav", "not a WAV", settings("csv"));   // fails again after an ok
        }
        List<JsonNode> lines = strictRead(dir);
        assertEquals(5, lines.size());
        assertTrue(lines.get(3).get("frame_rate_hz").isNull(), "an embedding has no frame rate");
    }
}
