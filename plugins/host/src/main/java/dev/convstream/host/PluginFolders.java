package dev.convstream.host;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Plugin jars from folders ({@code --plugins DIR}, {@code CONVSTREAM_PLUGINS}): every
 * {@code *.jar} directly in each folder, in name order, on one class loader whose parent is the
 * host's, so a plugin sees plugin-api (and whatever else the host ships) and nothing of another
 * plugin folder's ordering surprises.
 */
public final class PluginFolders {

    /** The environment variable holding plugin folders, separated like a class path. */
    public static final String ENVIRONMENT_VARIABLE = "CONVSTREAM_PLUGINS";

    private PluginFolders() {
    }

    /** The folders in {@code pathList} ({@link File#pathSeparator}-separated); empty entries ignored. */
    public static List<Path> parse(String pathList) {
        List<Path> folders = new ArrayList<>();
        if (pathList != null) {
            for (String s : pathList.split(File.pathSeparator)) {
                if (!s.isBlank()) {
                    folders.add(Path.of(s.strip()));
                }
            }
        }
        return folders;
    }

    /**
     * A class loader over every jar in {@code folders}, child of {@code parent}; {@code parent}
     * itself when there is none. [main-thread]
     *
     * @throws IllegalArgumentException naming a folder that does not exist or is not a folder
     * @throws IOException              when a folder cannot be listed
     */
    public static ClassLoader loader(List<Path> folders, ClassLoader parent) throws IOException {
        List<URL> jars = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("plugin folder " + folder
                        + (Files.exists(folder) ? " is not a folder" : " does not exist"));
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                        .sorted().toList()) {
                    jars.add(url(jar));
                }
            }
        }
        return jars.isEmpty() ? parent : new URLClassLoader("convstream-plugins", jars.toArray(URL[]::new), parent);
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("plugin jar " + jar + ": " + e.getMessage(), e);
        }
    }
}
