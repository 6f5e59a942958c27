package dev.convstream.plugin.contract;

import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.PluginProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Plugin jars built at test time, as a third party would ship them: sources compiled with
 * {@code javax.tools} against plugin-api, jarred with their services files. For tests of plugin
 * discovery, plugin folders and broken jars.
 */
public final class PluginJars {

    /** A plugin inverting polarity, id {@code invert}, in package {@code thirdparty}: class {@code InvertPlugin}. */
    public static final String INVERT_PLUGIN = """
            package thirdparty;
            import dev.convstream.plugin.*;
            public final class InvertPlugin implements AudioPlugin {
                public static final PluginDescriptor D = PluginDescriptor.of("invert", "Polarity invert", "0.1");
                public PluginDescriptor descriptor() { return D; }
                public ParameterSet parameters() { return ParameterSet.empty(); }
                public void prepare(ProcessSpec spec) { }
                public void process(AudioBlock b) {
                    SampleGuard.sanitize(b);
                    for (int c = 0; c < b.channelCount(); c++) {
                        float[] x = b.channel(c);
                        for (int i = b.offset(); i < b.offset() + b.frames(); i++) x[i] = -x[i];
                    }
                }
                public void reset() { }
                public void close() { }
            }
            """;

    /** Its provider, class {@code thirdparty.InvertProvider}. */
    public static final String INVERT_PROVIDER = """
            package thirdparty;
            import dev.convstream.plugin.*;
            import java.util.List;
            public final class InvertProvider implements PluginProvider {
                public List<AudioPluginFactory> factories() {
                    return List.of(AudioPluginFactory.of(InvertPlugin.D, InvertPlugin::new));
                }
            }
            """;

    private PluginJars() {
    }

    /** The {@code invert} plugin's jar, {@code dir/name.jar}. */
    public static Path invert(Path dir, String name) throws IOException {
        return build(dir, name, Map.of("InvertPlugin", INVERT_PLUGIN, "InvertProvider", INVERT_PROVIDER),
                Map.of(PluginProvider.class.getName(), "thirdparty.InvertProvider\n"));
    }

    /**
     * Compiles {@code sources} (simple class name -> source in package {@code thirdparty})
     * against plugin-api and {@code classpath}'s jars, and writes {@code dir/name.jar} with the
     * classes and {@code services} (service interface name -> file content).
     */
    public static Path build(Path dir, String name, Map<String, String> sources, Map<String, String> services,
                             Class<?>... classpath) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src-" + name).resolve("thirdparty"));
        Path classes = Files.createDirectories(dir.resolve("classes-" + name));
        List<String> path = new ArrayList<>(List.of(location(AudioPlugin.class)));
        for (Class<?> c : classpath) {
            path.add(location(c));
        }
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                String.join(File.pathSeparator, path), "--release", "17"));
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path file = src.resolve(s.getKey() + ".java");
            Files.writeString(file, s.getValue());
            args.add(file.toString());
        }
        if (!sources.isEmpty()) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            if (javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("javac failed: " + diagnostics.toString(StandardCharsets.UTF_8));
            }
        }
        Path jar = dir.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            for (Map.Entry<String, String> s : services.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + s.getKey()));
                out.write(s.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
