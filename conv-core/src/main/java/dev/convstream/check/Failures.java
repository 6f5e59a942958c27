package dev.convstream.check;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Locale;
import java.util.Map;

/**
 * What went wrong, in the plain words a user reads: the one place that turns an exception into
 * the line convstream prints. java.nio's file exceptions carry only the path as their message
 * ({@code NoSuchFileException: /tmp/x}); here they become the path and the reason
 * ({@code /tmp/x: no such file or directory}). Exceptions that already say what went wrong
 * keep their message; an exception without one is a bug in convstream, and says so.
 */
public final class Failures {
    /** The reason of each java.nio exception that gives none. */
    private static final Map<Class<? extends FileSystemException>, String> WORDS = Map.of(
            NoSuchFileException.class, "no such file or directory",
            AccessDeniedException.class, "permission denied",
            FileAlreadyExistsException.class, "already exists",
            NotDirectoryException.class, "not a directory",
            DirectoryNotEmptyException.class, "directory not empty",
            FileSystemLoopException.class, "a loop of symbolic links",
            NotLinkException.class, "not a symbolic link");

    private Failures() {
    }

    /** One line: the path or field at fault and the reason, never an exception class name. */
    public static String describe(Throwable e) {
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            return describe(e.getCause());
        }
        if (e instanceof FileSystemException f) {
            return fileSystem(f);
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory: the job needs more than the Java heap allows (-Xmx); see docs/limits.md";
        }
        if (e instanceof StackOverflowError) {
            return "input nested too deeply to read";
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getCause() != null && e.getCause() != e ? describe(e.getCause())
                    : "internal error (a bug in convstream): run again with --verbose and report the stack trace";
        }
        return message;
    }

    private static String fileSystem(FileSystemException f) {
        String where = f.getFile() == null ? "" : f.getFile();
        if (f.getOtherFile() != null) {
            where += (where.isEmpty() ? "" : " -> ") + f.getOtherFile();
        }
        String reason = reason(f);
        return where.isEmpty() ? reason : where + ": " + reason;
    }

    private static String reason(FileSystemException f) {
        if (f.getReason() != null && !f.getReason().isBlank()) {
            // The operating system's own words ("No space left on device"), lower-cased to read as a clause.
            String r = f.getReason();
            return r.length() > 1 && Character.isUpperCase(r.charAt(0)) && Character.isLowerCase(r.charAt(1))
                    ? r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1) : r;
        }
        for (Map.Entry<Class<? extends FileSystemException>, String> w : WORDS.entrySet()) {
            if (w.getKey().isInstance(f)) {
                return w.getValue();
            }
        }
        return "file system error";
    }
}
