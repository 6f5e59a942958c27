package dev.convstream.live.panel;

import dev.convstream.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The private folder uploaded models and impulse responses land in, each under a new name
 * ({@code <time>-<n>-<original name>}, the original name reduced to safe characters and its
 * extension kept, since plugins read the format from it). Written through
 * {@link AtomicFiles}: a broken upload leaves no file. Files stay after the panel stops,
 * because a saved chain state refers to them.
 */
final class UploadStore {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path folder;
    private final long maxBytes;
    private final AtomicLong counter = new AtomicLong();

    /**
     * @param folder   created owner-only (rwx------) where the file system has POSIX permissions
     * @param maxBytes the largest upload accepted
     */
    UploadStore(Path folder, long maxBytes) throws IOException {
        this.folder = folder.toAbsolutePath();
        this.maxBytes = maxBytes;
        if (!Files.isDirectory(this.folder)) {
            Files.createDirectories(this.folder);
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(this.folder, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** The folder. */
    Path folder() {
        return folder;
    }

    /**
     * Stores {@code body} as a new file named after {@code originalName}.
     *
     * @throws PanelRequestException 413 when the upload exceeds the limit, 400 for a blank name
     * @throws IOException           when the file cannot be written (nothing is left behind)
     */
    Path store(String originalName, InputStream body) throws IOException {
        String name = safeName(originalName);
        Path target = folder.resolve(LocalDateTime.now().format(STAMP) + "-" + counter.incrementAndGet() + "-" + name);
        try (AtomicFiles.Pending pending = AtomicFiles.create(target)) {
            try (OutputStream out = Channels.newOutputStream(pending.channel())) {
                copy(body, out, originalName);
            }
            pending.commit();
        }
        return target;
    }

    /** Deletes a stored file that turned out unusable. */
    void discard(Path stored) throws IOException {
        if (stored.toAbsolutePath().getParent().equals(folder)) {
            Files.deleteIfExists(stored);
        }
    }

    private void copy(InputStream in, OutputStream out, String originalName) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > maxBytes) {
                throw new PanelRequestException(413, originalName + ": larger than the panel's upload limit of "
                        + (maxBytes >> 20) + " MiB");
            }
            out.write(buffer, 0, n);
        }
    }

    /** The last path element of {@code name}, with characters other than letters, digits, '.', '-', '_' as '_'. */
    static String safeName(String name) {
        if (name == null || name.isBlank()) {
            throw new PanelRequestException(400, "an upload needs a file name (X-File-Name header)");
        }
        String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        String safe = last.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "");
        if (safe.isEmpty()) {
            throw new PanelRequestException(400, "upload file name '" + name + "' has no usable characters");
        }
        return safe.length() > 100 ? safe.substring(safe.length() - 100) : safe;
    }
}
