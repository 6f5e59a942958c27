package dev.convstream.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch's record, {@code manifest.jsonl} in the output folder: JSON lines, appended one
 * per file as it finishes, so it survives an interrupted run. A line is
 * <pre>
 * {"input":"/abs/in/a.wav","output":"a.wav.npy","status":"ok","shape":[101,64],"frames":101,
 *  "seconds":1.0,"sample_rate":44100,"channels":2,"feature_rate":16000,
 *  "sha256":"…","settings":"…"}
 * </pre>
 * or, for a file that failed, {@code {"input":…,"status":"failed","error":"…","settings":"…"}}.
 * {@code output} is relative to the manifest's folder; {@code sha256} is of the output file;
 * {@code settings} is the {@link FeaturePipeline#fingerprint()} plus the format. Later lines
 * win over earlier ones for the same input; a torn last line (a crash mid-write) is ignored.
 */
public final class Manifest implements Closeable {
    public static final String FILE_NAME = "manifest.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One successful output. */
    public record Entry(String input, String output, int[] shape, int frames, double seconds, int sampleRate,
                        int channels, int featureRate, String sha256, String settings) {
    }

    private final Path file;
    private final Map<String, Entry> completed;
    private final Writer writer;

    private Manifest(Path file, Map<String, Entry> completed, Writer writer) {
        this.file = file;
        this.completed = completed;
        this.writer = writer;
    }

    /** Reads the manifest in {@code outDir} (if any) and opens it for appending. */
    public static Manifest open(Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Path file = outDir.resolve(FILE_NAME);
        Map<String, Entry> completed = new HashMap<>();
        boolean needsNewline = false;
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            needsNewline = !text.isEmpty() && !text.endsWith("\n");
            for (String line : text.split("\n")) {
                JsonNode n = parse(line);
                if (n == null || !n.hasNonNull("input")) {
                    continue;
                }
                if ("ok".equals(n.path("status").asText())) {
                    completed.put(n.get("input").asText(), entry(n));
                } else {
                    completed.remove(n.get("input").asText());
                }
            }
        }
        Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (needsNewline) {
            w.write('\n'); // end the torn line so the next entry starts on its own
        }
        return new Manifest(file, completed, w);
    }

    private static JsonNode parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Entry entry(JsonNode n) {
        JsonNode s = n.path("shape");
        int[] shape = new int[s.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = s.get(i).asInt();
        }
        return new Entry(n.get("input").asText(), n.path("output").asText(), shape, n.path("frames").asInt(),
                n.path("seconds").asDouble(), n.path("sample_rate").asInt(), n.path("channels").asInt(),
                n.path("feature_rate").asInt(), n.path("sha256").asText(), n.path("settings").asText());
    }

    public Path file() {
        return file;
    }

    /**
     * Whether {@code input}'s output is complete: an ok entry with these settings and this
     * output name exists, and the output file is there with the recorded checksum (so a file
     * damaged or replaced since is redone).
     */
    public synchronized boolean isComplete(String input, String output, String settings) throws IOException {
        Entry e = completed.get(input);
        if (e == null || !e.settings().equals(settings) || !e.output().equals(output)) {
            return false;
        }
        Path out = file.getParent().resolve(output);
        return Files.isRegularFile(out) && Checksums.sha256(out).equals(e.sha256());
    }

    /** The recorded entry for {@code input}, or null. */
    public synchronized Entry entry(String input) {
        return completed.get(input);
    }

    public synchronized void recordOk(Entry e) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("input", e.input());
        n.put("output", e.output());
        n.put("status", "ok");
        n.putPOJO("shape", List.of(java.util.Arrays.stream(e.shape()).boxed().toArray()));
        n.put("frames", e.frames());
        n.put("seconds", e.seconds());
        n.put("sample_rate", e.sampleRate());
        n.put("channels", e.channels());
        n.put("feature_rate", e.featureRate());
        n.put("sha256", e.sha256());
        n.put("settings", e.settings());
        append(n);
        completed.put(e.input(), e);
    }

    public synchronized void recordFailure(String input, String error, String settings) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("input", input);
        n.put("status", "failed");
        n.put("error", error);
        n.put("settings", settings);
        append(n);
        completed.remove(input);
    }

    private void append(ObjectNode n) throws IOException {
        writer.write(JSON.writeValueAsString(n));
        writer.write('\n');
        writer.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
