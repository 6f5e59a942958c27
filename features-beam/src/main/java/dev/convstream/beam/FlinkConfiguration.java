package dev.convstream.beam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Flink configuration folder ({@code flink-conf.yaml}) for a Flink cluster that Beam starts in
 * this JVM, which reads no cluster's configuration. It turns Flink's delegation tokens off: with
 * Hadoop's client on the class path (Parquet needs it), Flink asks Hadoop's
 * {@code UserGroupInformation} for the current user, which calls
 * {@code Subject.getSubject}, unsupported from JDK 23 on; a local cluster has no Kerberos to get
 * tokens from anyway.
 */
final class FlinkConfiguration {
    static final Map<String, String> LOCAL = Map.of("security.delegation.tokens.enabled", "false");

    private FlinkConfiguration() {
    }

    /** Writes {@link #LOCAL} plus {@code more} (which wins) as {@code dir/flink-conf.yaml}; returns {@code dir}. */
    static Path write(Path dir, Map<String, String> more) throws IOException {
        Map<String, String> all = new TreeMap<>(LOCAL);
        all.putAll(more);
        StringBuilder yaml = new StringBuilder();
        all.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("flink-conf.yaml"), yaml, StandardCharsets.UTF_8);
        return dir;
    }
}
