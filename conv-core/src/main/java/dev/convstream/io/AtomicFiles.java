package dev.convstream.io;

import dev.convstream.check.Failures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file through a temporary sibling ({@code .name.<random>.tmp}) renamed into place,
 * so readers (and a resumed batch) never see a half-written output, and a run that dies
 * leaves no partial file under the real name. The temporary file is created with the default
 * permissions ({@code Files.createTempFile} would make it owner-only, and the rename would
 * keep that), and deleted if writing fails.
 *
 * <p>The one writer of whole files in convstream: NPY, safetensors, WAV, PNG, CSV all go
 * through it.
 */
public final class AtomicFiles {
    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code path} whole from {@code content}, or leaves it as it was. */
    public static void write(Path path, Content content) throws IOException {
        try (Pending pending = create(path)) {
            try (OutputStream out = Channels.newOutputStream(pending.channel())) {
                content.writeTo(out);
            }
            pending.commit();
        }
    }

    /**
     * Starts writing {@code path}: the caller writes (and may seek, e.g. to patch a header)
     * through {@link Pending#channel()}, then {@link Pending#commit()}s; closing without a
     * commit deletes the temporary file and leaves {@code path} as it was.
     */
    public static Pending create(Path path) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        OutputPaths.requireWritableTarget(path, target);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException(path + ": cannot create its folder: " + Failures.describe(e), e);
        }
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return new Pending(target, tmp, FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, StandardOpenOption.READ));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            } catch (IOException e) {
                throw new IOException(path + ": cannot write a file in " + dir + ": " + Failures.describe(e), e);
            }
        }
    }

    /** A file being written under a temporary name. Not thread-safe. */
    public static final class Pending implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final FileChannel channel;
        private boolean committed;

        private Pending(Path target, Path tmp, FileChannel channel) {
            this.target = target;
            this.tmp = tmp;
            this.channel = channel;
        }

        /** Where to write; readable and seekable. */
        public FileChannel channel() {
            return channel;
        }

        /** The final name. */
        public Path target() {
            return target;
        }

        /** Flushes to disk and renames the file into place. */
        public void commit() throws IOException {
            if (channel.isOpen()) {
                channel.force(true);
                channel.close();
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        }

        /** Deletes the temporary file unless committed. */
        @Override
        public void close() throws IOException {
            try {
                channel.close();
            } finally {
                if (!committed) {
                    Files.deleteIfExists(tmp);
                }
            }
        }
    }
}
