package dev.convstream.beam;

import dev.convstream.batch.Checksums;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * An input on another Beam file system (S3, GCS, HDFS: whichever file systems' jars are on the
 * class path), read through Beam's {@link FileSystems}. The decoders read local files, so the
 * job runs on a local copy.
 */
final class RemoteInput {

    private RemoteInput() {
    }

    /**
     * Copies {@code uri} to a new local temporary file that keeps the extension of {@code name}
     * (the decoders choose by it); the caller deletes it.
     *
     * @throws IOException when the object cannot be found or read; no temporary is left then
     */
    static Path stage(String uri, String name) throws IOException {
        ResourceId id = FileSystems.matchSingleFileSpec(uri).resourceId();
        int dot = name.lastIndexOf('.');
        Path copy = Files.createTempFile("convstream-input-", dot < 0 ? "" : name.substring(dot));
        try (InputStream in = Channels.newInputStream(FileSystems.open(id))) {
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
    }

    /** SHA-256 of the object at {@code uri}, hex, read where it lives. */
    static String sha256(String uri) throws IOException {
        ResourceId id = FileSystems.matchSingleFileSpec(uri).resourceId();
        try (InputStream in = Channels.newInputStream(FileSystems.open(id))) {
            return Checksums.sha256(in);
        }
    }
}
