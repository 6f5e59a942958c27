package dev.convstream.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Expands command-line inputs into a sorted list of audio files: a file is taken as given
 * (whatever its extension), a folder is walked recursively for files with an audio extension,
 * and an argument with {@code * ? [ {} is a glob ({@code **} crosses folders) matched under
 * its longest glob-free folder prefix. A listed file whose name the platform charset cannot
 * represent (a non-ASCII name under {@code LANG=C}) is kept, its output named with
 * {@code %XX} escapes ({@link PortablePaths}). A folder or glob that yields no audio file is
 * not an error here: the caller is told (one warning per such argument) and decides what an
 * empty input set means.
 */
public final class InputCollector {
    /** Extensions picked up from folders and globs. */
    public static final Set<String> AUDIO_EXTENSIONS = Set.of("wav", "wave", "aif", "aiff", "aifc", "au", "snd",
            "mp3", "flac", "ogg", "oga", "opus", "m4a", "aac", "wma", "webm", "mka", "mp4");

    private InputCollector() {
    }

    /** {@link #collect(List, Consumer)} ignoring the warnings. */
    public static List<InputFile> collect(List<String> args) throws IOException {
        return collect(args, warning -> {
        });
    }

    /**
     * @param warnings told, once per folder or glob argument that yields no audio file, a line
     *                 naming the argument and what was looked for
     * @throws IllegalArgumentException naming an argument that is no file, folder or glob, or
     *                                  two inputs that would write the same output
     */
    public static List<InputFile> collect(List<String> args, Consumer<String> warnings) throws IOException {
        List<InputFile> out = new ArrayList<>();
        for (String arg : args) {
            Path p;
            try {
                p = Path.of(arg);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("input '" + arg + "' cannot be named in this system's file name"
                        + " charset (" + System.getProperty("sun.jnu.encoding") + "): pass its folder, whose files are"
                        + " listed by their bytes, or run with a UTF-8 locale (e.g. LANG=C.UTF-8)");
            }
            if (Files.isDirectory(p)) {
                List<InputFile> found = walk(p, null);
                if (found.isEmpty()) {
                    warnings.accept("the folder '" + arg + "' holds no audio file (looked for " + extensions() + ")");
                }
                out.addAll(found);
            } else if (Files.isRegularFile(p)) {
                out.add(new InputFile(p, PortablePaths.text(p.getFileName())));
            } else if (isGlob(arg)) {
                List<InputFile> found = glob(arg);
                if (found.isEmpty()) {
                    warnings.accept("the glob '" + arg + "' matches no audio file (looked for " + extensions() + ")");
                }
                out.addAll(found);
            } else {
                throw new IllegalArgumentException("input '" + arg + "' is not a file, a folder or a glob");
            }
        }
        Map<String, Path> byOutput = new HashMap<>();
        List<InputFile> unique = new ArrayList<>();
        for (InputFile f : out) {
            Path previous = byOutput.putIfAbsent(f.relative(), f.file().toAbsolutePath().normalize());
            if (previous == null) {
                unique.add(f);
            } else if (!previous.equals(f.file().toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("inputs " + previous + " and " + f.file() + " would both write '"
                        + f.relative() + "': extract them in separate runs or into separate --out folders");
            }
        }
        unique.sort((a, b) -> a.relative().compareTo(b.relative()));
        return unique;
    }

    /** Whether a command-line argument is a glob (has {@code * ? [ {}). */
    public static boolean isGlob(String arg) {
        return arg.matches(".*[*?\\[{].*");
    }

    /**
     * The folder a glob's matches are named relative to: its longest glob-free folder prefix
     * ({@code .} when the glob starts with a pattern).
     */
    public static Path globBase(String arg) {
        String normalized = arg.replace('\\', '/');
        int slash = normalized.lastIndexOf('/', firstGlobChar(normalized));
        return slash < 0 ? Path.of(".") : Path.of(slash == 0 ? "/" : normalized.substring(0, slash));
    }

    /**
     * The name of {@code file}'s output, relative to the output folder and without the
     * format's extension: its path relative to {@code root} (the folder or glob base it was
     * found under), '/'-separated, {@code %XX}-escaped where the platform charset cannot
     * represent it.
     */
    public static String relativeName(Path root, Path file) {
        return PortablePaths.relative(root, file);
    }

    private static List<InputFile> glob(String arg) throws IOException {
        String normalized = arg.replace('\\', '/');
        int slash = normalized.lastIndexOf('/', firstGlobChar(normalized));
        Path base = globBase(arg);
        String pattern = normalized.substring(slash + 1);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        return walk(base, FileSystems.getDefault().getPathMatcher("glob:" + pattern));
    }

    private static int firstGlobChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static List<InputFile> walk(Path root, PathMatcher matcher) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> matcher == null ? isAudio(f) : matcher.matches(root.relativize(f)) && isAudio(f))
                    .map(f -> new InputFile(f, PortablePaths.relative(root, f)))
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String extensions() {
        return "." + String.join(", .", AUDIO_EXTENSIONS.stream().sorted().toList());
    }

    /** Whether {@code f} has one of the {@link #AUDIO_EXTENSIONS} (any case). */
    public static boolean isAudio(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && AUDIO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
