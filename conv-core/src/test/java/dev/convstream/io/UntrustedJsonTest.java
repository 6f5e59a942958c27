package dev.convstream.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UntrustedJsonTest {
    private final ObjectMapper mapper = UntrustedJson.mapper();

    @Test
    void nestingUpToTheBoundReadsAndOneLevelMoreFails() throws Exception {
        int depth = UntrustedJson.MAX_NESTING_DEPTH;
        assertEquals(depth, depthOf(mapper.readTree("[".repeat(depth) + "]".repeat(depth))));
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> mapper.readTree("[".repeat(depth + 1) + "]".repeat(depth + 1)));
        assertTrue(e.getOriginalMessage().contains("nesting depth"), e.getOriginalMessage());
    }

    @Test
    void aDocumentNested100000DeepFailsAtTheBound() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThrows(JsonProcessingException.class, () -> mapper.readTree(deep));
    }

    @Test
    void overlongNumbersAndStringsFail() throws Exception {
        String digits = "1".repeat(UntrustedJson.MAX_NUMBER_LENGTH);
        assertEquals(digits.length(), mapper.readTree(digits).bigIntegerValue().toString().length());
        assertThrows(JsonProcessingException.class, () -> mapper.readTree(digits + "1"));
        String text = "x".repeat(UntrustedJson.MAX_STRING_LENGTH + 1);
        assertThrows(JsonProcessingException.class, () -> mapper.readTree("\"" + text + "\""));
    }

    @Test
    void readTextNamesAFileThatIsNotUtf8(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("model.json"), new byte[] {'{', (byte) 0xFF, '}'});
        IOException e = assertThrows(IOException.class, () -> UntrustedJson.readText(file));
        assertTrue(e.getMessage().startsWith(file + ": not UTF-8 text"), e.getMessage());
        Files.writeString(file, "{\"a\": \"\u00e9\"}");
        assertEquals("{\"a\": \"\u00e9\"}", UntrustedJson.readText(file));
    }

    private static int depthOf(com.fasterxml.jackson.databind.JsonNode n) {
        return n.isEmpty() ? 1 : 1 + depthOf(n.get(0));
    }
}
