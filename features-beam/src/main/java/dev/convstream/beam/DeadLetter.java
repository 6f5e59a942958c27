package dev.convstream.beam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An input the job could not turn into features, and why: one JSON line
 * {@code {"input":"/abs/in/bad.wav","reason":"…"}} in {@code dead-letters.jsonl}. The reason is
 * the local executor's failure message for the same file.
 */
public record DeadLetter(String input, String reason) {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String FILE_NAME = "dead-letters.jsonl";

    static String line(String input, String reason) {
        ObjectNode n = JSON.createObjectNode();
        n.put("input", input);
        n.put("reason", reason);
        return n.toString();
    }

    /** Parses a line of {@code dead-letters.jsonl}. */
    public static DeadLetter parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return new DeadLetter(n.path("input").asText(), n.path("reason").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a dead-letter line: " + line, e);
        }
    }
}
