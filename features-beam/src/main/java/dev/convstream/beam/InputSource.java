package dev.convstream.beam;

import dev.convstream.batch.InputCollector;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One command-line input as Beam sees it: the file pattern {@code FileIO.match()} expands, and
 * how each match is named, so that outputs and manifest keys are the local executor's
 * ({@link InputCollector}): a folder becomes {@code DIR/**} (audio extensions only, names
 * relative to the folder), a glob keeps its pattern (audio extensions only, names relative to
 * its glob-free prefix), a file or URI is taken as given (named by its file name).
 *
 * @param pattern   what {@code FileIO.match()} expands: an absolute path, glob or URI
 * @param base      the folder matches are named relative to, or null to name them by file name
 * @param audioOnly whether matches without an audio extension are dropped
 */
record InputSource(String pattern, String base, boolean audioOnly) implements Serializable {

    /**
     * @throws IllegalArgumentException when a local argument is no file, folder or glob
     */
    static InputSource of(String arg) {
        if (arg.contains("://")) {
            return new InputSource(arg, null, false);
        }
        Path p = Path.of(arg).toAbsolutePath().normalize();
        if (Files.isDirectory(p)) {
            return new InputSource(p + "/**", p.toString(), true);
        }
        if (Files.isRegularFile(p)) {
            return new InputSource(p.toString(), null, false);
        }
        if (InputCollector.isGlob(arg)) {
            Path base = InputCollector.globBase(arg).toAbsolutePath().normalize();
            return new InputSource(p.toString(), base.toString(), true);
        }
        throw new IllegalArgumentException("input '" + arg + "' is not a file, a folder, a glob or a URI");
    }

    /** A line of an input list: a file or URI, named by its file name. */
    static InputSource listed() {
        return new InputSource(null, null, false);
    }

    /**
     * The output name of a match (a local file), or null when it is dropped: hidden files, and
     * files without an audio extension where only audio is taken.
     */
    String relativeName(Path file) {
        if (file.getFileName().toString().startsWith(".") || audioOnly && !InputCollector.isAudio(file)) {
            return null;
        }
        return base == null ? InputCollector.relativeName(file.getParent(), file)
                : InputCollector.relativeName(Path.of(base), file);
    }
}
