package dev.convstream.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.io.AtomicFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch's record, {@code manifest.jsonl} in the output folder: JSON lines, appended one
 * per file as it finishes, so it survives an interrupted run. A line is
 * <pre>
 * {"input":"/abs/in/a.wav","output":"a.wav.npy","status":"ok","shape":[101,64],"frames":101,
 *  "seconds":1.0,"source_sample_rate_hz":44100,"source_channels":2,"sample_rate_hz":16000,
 *  "frame_rate_hz":100.0,"sha256":"…","settings":{"feature":"log-mel",…,"format":"npy"}}
 * </pre>
 * or, for a file that failed, {@code {"input":…,"status":"failed","error":"…","settings":{…}}}.
 * {@code output} is relative to the manifest's folder; {@code sha256} is of the output file;
 * {@code sample_rate_hz} is the rate the features were computed at, {@code frame_rate_hz} the
 * output rows per second (null for a clip embedding); {@code settings} is
 * {@link FeaturePipeline#settings()} plus the format. Later lines win over earlier ones for the
 * same input.
 *
 * <p>On open, lines that are not JSON (a torn last line left by a kill mid-write) are removed
 * by rewriting the file through {@link AtomicFiles}, so a strict JSONL reader can always read
 * it. A failure already recorded as the latest line of its input, with the same error and
 * settings, is not appended again. Manifests of earlier versions (settings as text,
 * {@code feature_rate}) are read, but their settings never equal today's, so their inputs are
 * redone.
 */
public final class Manifest implements Closeable {
    public static final String FILE_NAME = "manifest.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One successful output.
     *
     * @param frameRateHz output rows per second, NaN for a clip embedding
     * @param settings    the settings object as compact JSON text
     * @param warnings    what the reader said about the input although it was read (a truncated
     *                    WAV); written as {@code "warnings": [...]} only when there are any
     */
    public record Entry(String input, String output, int[] shape, int frames, double seconds, int sourceSampleRateHz,
                        int sourceChannels, int sampleRateHz, double frameRateHz, String sha256, String settings,
                        List<String> warnings) {

        /**
         * Whether this entry says {@code output} (relative to {@code outDir}) is complete for
         * {@code settings}: same settings, same output name, and the file is there with the
         * recorded checksum (so a file damaged or replaced since is redone). The one resume
         * rule of the local executor and the Beam pipeline.
         */
        public boolean completes(String output, String settings, Path outDir) throws IOException {
            if (!this.settings.equals(settings) || !this.output.equals(output)) {
                return false;
            }
            Path out = outDir.resolve(output);
            return Files.isRegularFile(out) && Checksums.sha256(out).equals(sha256);
        }
    }

    private final Path file;
    private final Map<String, Entry> completed;
    private final Map<String, String> failures; // input -> error and settings of its latest line, if failed
    private final Writer writer;

    private Manifest(Path file, Map<String, Entry> completed, Map<String, String> failures, Writer writer) {
        this.file = file;
        this.completed = completed;
        this.failures = failures;
        this.writer = writer;
    }

    /** Reads the manifest in {@code outDir} (if any), repairs torn lines, and opens it for appending. */
    public static Manifest open(Path outDir) throws IOException {
        dev.convstream.io.OutputPaths.createFolder(outDir);
        Path file = outDir.resolve(FILE_NAME);
        Map<String, Entry> completed = new HashMap<>();
        Map<String, String> failures = new HashMap<>();
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<String> kept = new ArrayList<>();
            boolean damaged = !text.isEmpty() && !text.endsWith("\n");
            for (String line : text.split("\n")) {
                JsonNode n = parse(line);
                if (n == null || !n.hasNonNull("input")) {
                    damaged |= !line.isEmpty();
                    continue;
                }
                kept.add(line);
                String input = n.get("input").asText();
                if ("ok".equals(n.path("status").asText())) {
                    completed.put(input, entry(n));
                    failures.remove(input);
                } else {
                    completed.remove(input);
                    failures.put(input, failureKey(n.path("error").asText(), settingsText(n)));
                }
            }
            if (damaged) {
                AtomicFiles.write(file, out -> {
                    for (String line : kept) {
                        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                });
            }
        }
        Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return new Manifest(file, completed, failures, w);
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

    /** The settings object as compact JSON text; an old manifest's settings string as it was. */
    private static String settingsText(JsonNode n) {
        JsonNode s = n.path("settings");
        return s.isObject() ? s.toString() : s.asText();
    }

    private static String failureKey(String error, String settings) {
        return error + "\n" + settings;
    }

    private static Entry entry(JsonNode n) {
        JsonNode s = n.path("shape");
        int[] shape = new int[s.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = s.get(i).asInt();
        }
        JsonNode rate = n.path("frame_rate_hz");
        return new Entry(n.get("input").asText(), n.path("output").asText(), shape, n.path("frames").asInt(),
                n.path("seconds").asDouble(), n.path("source_sample_rate_hz").asInt(), n.path("source_channels").asInt(),
                n.path("sample_rate_hz").asInt(), rate.isNumber() ? rate.asDouble() : Double.NaN,
                n.path("sha256").asText(), settingsText(n), warnings(n.path("warnings")));
    }

    private static List<String> warnings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(w -> out.add(w.asText()));
        return List.copyOf(out);
    }

    public Path file() {
        return file;
    }

    /**
     * Whether {@code input}'s output is complete: an ok entry with these settings and this
     * output name exists, and the output file is there with the recorded checksum (so a file
     * damaged or replaced since is redone).
     */
    public boolean isComplete(String input, String output, ObjectNode settings) throws IOException {
        Entry e = entry(input);
        return e != null && e.completes(output, settings.toString(), file.getParent());
    }

    /** Input to its latest ok line, for every input whose latest line is ok: what a distributed run checks for resume. */
    public synchronized Map<String, String> completedLines() {
        Map<String, String> lines = new HashMap<>();
        for (Entry e : completed.values()) {
            lines.put(e.input(), okLine(e));
        }
        return lines;
    }

    /**
     * The entry of a manifest line, or null when the line is not an ok line (a failure, or not
     * JSON).
     */
    public static Entry parseEntry(String line) {
        JsonNode n = parse(line);
        return n == null || !n.hasNonNull("input") || !"ok".equals(n.path("status").asText()) ? null : entry(n);
    }

    /** The recorded entry for {@code input}, or null. */
    public synchronized Entry entry(String input) {
        return completed.get(input);
    }

    public synchronized void recordOk(Entry e) throws IOException {
        append(okLine(e));
        completed.put(e.input(), e);
        failures.remove(e.input());
    }

    /** The manifest line of a successful output. */
    public static String okLine(Entry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("input", e.input());
        n.put("output", e.output());
        n.put("status", "ok");
        n.putPOJO("shape", List.of(java.util.Arrays.stream(e.shape()).boxed().toArray()));
        n.put("frames", e.frames());
        n.put("seconds", e.seconds());
        n.put("source_sample_rate_hz", e.sourceSampleRateHz());
        n.put("source_channels", e.sourceChannels());
        n.put("sample_rate_hz", e.sampleRateHz());
        if (Double.isNaN(e.frameRateHz())) {
            n.putNull("frame_rate_hz");
        } else {
            n.put("frame_rate_hz", e.frameRateHz());
        }
        n.put("sha256", e.sha256());
        try {
            n.set("settings", JSON.readTree(e.settings()));
            if (!e.warnings().isEmpty()) {
                n.putPOJO("warnings", e.warnings());
            }
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("settings of " + e.input() + " are not JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    /** The manifest line of a failed input. */
    public static String failureLine(String input, String error, String settings) {
        ObjectNode n = JSON.createObjectNode();
        n.put("input", input);
        n.put("status", "failed");
        n.put("error", error);
        try {
            n.set("settings", JSON.readTree(settings));
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("settings of " + input + " are not JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    /**
     * Records a line made by {@link #okLine} or {@link #failureLine} elsewhere (a Beam worker),
     * exactly as {@link #recordOk} or {@link #recordFailure} would have.
     *
     * @throws IllegalArgumentException when the line is not such a line
     */
    public void record(String line) throws IOException {
        JsonNode n = parse(line);
        if (n == null || !n.hasNonNull("input")) {
            throw new IllegalArgumentException("not a manifest line: " + line);
        }
        if ("ok".equals(n.path("status").asText())) {
            recordOk(entry(n));
        } else {
            recordFailure(n.get("input").asText(), n.path("error").asText(), settingsText(n));
        }
    }

    /** Appends a failure, unless the input's latest line is this same failure with the same settings. */
    public void recordFailure(String input, String error, ObjectNode settings) throws IOException {
        recordFailure(input, error, settings.toString());
    }

    private synchronized void recordFailure(String input, String error, String settings) throws IOException {
        String key = failureKey(error, settings);
        if (key.equals(failures.get(input))) {
            return;
        }
        append(failureLine(input, error, settings));
        completed.remove(input);
        failures.put(input, key);
    }

    private void append(String line) throws IOException {
        writer.write(line);
        writer.write('\n');
        writer.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
