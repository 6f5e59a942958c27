package dev.convstream.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * The checks on an output path made before anything is opened for writing: the path is not a
 * folder or a device, no folder on the way to it is a regular file, and it is not one of the
 * inputs (by file identity, so a symbolic or hard link to an input is caught too).
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * Refuses {@code out} when it is the same file as any of {@code inputs} (followed through
     * symbolic links; hard links share the file's identity). Inputs that do not exist are
     * skipped: their reader names them.
     *
     * @throws IOException naming the output and the input it would overwrite
     */
    public static void requireNotAnInput(Path out, Collection<Path> inputs) throws IOException {
        if (!Files.exists(out)) {
            return;
        }
        for (Path in : inputs) {
            if (Files.exists(in) && Files.isSameFile(in, out)) {
                throw new IOException(out + ": the output would overwrite the input " + in
                        + "; choose another output file");
            }
        }
    }

    /** {@code target} (the absolute form of {@code path}, named in messages) can be a regular file. */
    /**
     * Creates the output folder {@code dir} (and its parents) if needed, or says in words why it
     * cannot be one: it is a file, or a file stands where one of its parents should be.
     *
     * @throws IOException naming {@code dir} and the reason
     */
    public static void createFolder(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IOException(dir + ": is a file, not a folder; give an output folder");
        }
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new IOException(dir + ": the output folder cannot be created: " + p
                            + " is a file, not a directory");
                }
                break;
            }
        }
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new IOException(dir + ": the output folder cannot be created: "
                    + dev.convstream.check.Failures.describe(e), e);
        }
    }

    static void requireWritableTarget(Path path, Path target) throws IOException {
        if (Files.isDirectory(target)) {
            throw new IOException(path + ": is a directory; give the output a file name");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            throw new IOException(path + ": not a regular file (a device or a pipe?); outputs are written"
                    + " as new regular files");
        }
        for (Path p = target.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new IOException(path + ": cannot be written: " + p + " is a file, not a directory");
                }
                return;
            }
        }
    }
}
