package dev.convstream.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The check every reader of a user's file makes before opening it: the file exists and is a
 * regular file. A folder, a device ({@code /dev/zero} never ends) or a FIFO (blocks until a
 * writer comes) is refused by name before a byte is read.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * Returns {@code file} when it is a readable regular file (symbolic links followed).
     *
     * @param what what the file is for, e.g. "model file", in the message
     * @throws IOException naming the file and what is wrong with it
     */
    public static Path requireRegularFile(Path file, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory; the " + what + " must be a regular file");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, what + " not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not a regular file (a device or a pipe?); the " + what
                    + " must be a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString(), null, "permission denied: cannot read this " + what);
        }
        return file;
    }
}
