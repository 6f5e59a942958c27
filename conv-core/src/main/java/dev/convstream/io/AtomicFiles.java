package dev.convstream.io;

import dev.convstream.check.Failures;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes a file through a temporary sibling ({@code .name.<random>.tmp}) renamed into place,
 * so readers (and a resumed batch) never see a half-written output, and a run that dies
 * leaves no partial file under the real name. The temporary file is created with the default
 * permissions ({@code Files.createTempFile} would make it owner-only, and the rename would
 * keep that), and deleted if writing fails.
 *
 * <p>The one writer of whole files in convstream: NPY, safetensors, WAV, PNG, CSV all go
 * through it.
 *
 * <p>A run killed mid-write ({@code kill -9}, a power cut) leaves its temporary behind. The next
 * write of the same output removes such leftovers ({@link #removeStaleTemporaries}), and only
 * those that are certainly dead: named exactly {@code .NAME.HEX.tmp} for this output's NAME, a
 * regular file, last modified before this JVM started, and not locked. Every temporary is
 * held under an exclusive file lock while it is written, and the operating system drops a lock
 * when its process dies; so a second run writing the same output at the same time (whose
 * temporary is locked, or younger than this JVM) keeps its file, and the two runs end with one
 * of the two complete outputs, never a mixture.
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
     * commit deletes the temporary file and leaves {@code path} as it was. Temporaries of
     * {@code path} left by dead runs are removed first ({@link #removeStaleTemporaries}).
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
        removeStaleTemporaries(target);
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, StandardOpenOption.READ);
                try {
                    // Held until the channel closes: tells another run that this file is alive.
                    // Where the file system has no locks, the age rule alone protects it.
                    channel.tryLock();
                } catch (IOException noLocks) {
                    // e.g. some network file systems: nothing to hold
                }
                return new Pending(target, tmp, channel);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            } catch (IOException e) {
                throw new IOException(path + ": cannot write a file in " + dir + ": " + Failures.describe(e), e);
            }
        }
    }

    /**
     * Deletes the temporaries of {@code target} that a dead run left: files in its folder named
     * {@code .NAME.HEX.tmp} (NAME the target's file name, HEX 1 to 16 lowercase hex digits, as
     * {@link #create} names them), regular files (not links), last modified before this JVM
     * started, and not locked by any process. Anything else is left alone: another output's
     * temporary, a temporary that a live run holds (locked) or that this or a younger run may
     * have just created, a file that cannot be locked (so cannot be shown dead). Called by
     * {@link #create}; errors while removing are ignored, as the leftovers are harmless.
     *
     * @return the files removed
     */
    public static List<Path> removeStaleTemporaries(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        List<Path> removed = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return removed;
        }
        Pattern mine = Pattern.compile(Pattern.quote("." + abs.getFileName() + ".") + "[0-9a-f]{1,16}\\.tmp");
        FileTime started = FileTime.from(jvmStart());
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(dir,
                p -> mine.matcher(p.getFileName().toString()).matches())) {
            for (Path p : candidates) {
                try {
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).compareTo(started) < 0
                            && deleteIfUnlocked(p)) {
                        removed.add(p);
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile, or not ours to judge: leave it
                }
            }
        } catch (IOException e) {
            // an unreadable folder: the write that follows reports it
        }
        return removed;
    }

    /** Deletes {@code p} if no process holds a lock on it; the lock is held while deleting. */
    private static boolean deleteIfUnlocked(Path p) throws IOException {
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock;
            try {
                lock = c.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                return false;
            }
            if (lock == null) {
                return false; // a live run holds it
            }
            Files.delete(p);
            return true;
        }
    }

    /**
     * When this JVM started, to the millisecond. Not {@code ProcessHandle}'s start instant: on
     * Linux it is built on the boot time in whole seconds, so a temporary killed a moment before
     * this run could look younger than it.
     */
    private static Instant jvmStart() {
        return Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
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
