package dev.convstream.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.ProcessSpec;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostWiringTest {

    @Test
    void registryListsEveryBundledPlugin() {
        PluginRegistry registry = HostInjector.create().getInstance(PluginRegistry.class);
        assertTrue(registry.ids().containsAll(List.of("dcblock", "gain")), "ids: " + registry.ids());
        assertEquals(List.of("db"), registry.descriptor("gain").parameters().stream().map(p -> p.id()).toList());
    }

    @Test
    void unknownPluginIsNamedWithTheKnownOnes() {
        PluginRegistry registry = HostInjector.create().getInstance(PluginRegistry.class);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> registry.create("reverbb"));
        assertTrue(e.getMessage().contains("'reverbb'") && e.getMessage().contains("gain"), e.getMessage());
    }

    @Test
    void pluginJarBuiltAtTestTimeIsDiscoveredAndRuns(@TempDir Path dir) throws Exception {
        Path jar = buildThirdPartyPluginJar(dir);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                HostWiringTest.class.getClassLoader())) {
            Injector injector = HostInjector.create(loader);
            PluginRegistry registry = injector.getInstance(PluginRegistry.class);
            assertTrue(registry.ids().containsAll(List.of("dcblock", "gain", "invert")), "ids: " + registry.ids());

            // It runs, alone and in a parsed chain with a bundled plugin.
            try (AudioPlugin chain = injector.getInstance(ChainBuilder.class).build("invert -> gain(db=0)")) {
                chain.prepare(new ProcessSpec(48_000, 4, 1));
                float[][] x = {{0.5f, -0.25f, 0.125f, 1f}};
                chain.process(AudioBlock.wrap(x, 4));
                assertArrayEquals(new float[] {-0.5f, 0.25f, -0.125f, -1f}, x[0]);
            }
        }
    }

    /** Compiles a plugin + Guice module from source and jars it with its service entry. */
    private static Path buildThirdPartyPluginJar(Path dir) throws IOException, URISyntaxException {
        Path src = dir.resolve("src/thirdparty");
        Files.createDirectories(src);
        Files.writeString(src.resolve("InvertPlugin.java"), """
                package thirdparty;
                import dev.convstream.plugin.*;
                public final class InvertPlugin implements AudioPlugin {
                    static final PluginDescriptor D = PluginDescriptor.of("invert", "Polarity invert", "0.1");
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
                """);
        Files.writeString(src.resolve("InvertModule.java"), """
                package thirdparty;
                import com.google.inject.AbstractModule;
                import com.google.inject.multibindings.MapBinder;
                import dev.convstream.plugin.*;
                public final class InvertModule extends AbstractModule {
                    @Override protected void configure() {
                        MapBinder.newMapBinder(binder(), String.class, AudioPluginFactory.class)
                            .addBinding("invert").toInstance(new AudioPluginFactory() {
                                public PluginDescriptor descriptor() { return InvertPlugin.D; }
                                public AudioPlugin create() { return new InvertPlugin(); }
                            });
                    }
                }
                """);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        String classpath = String.join(File.pathSeparator, location(AudioPlugin.class),
                location(AbstractModule.class), location(jakarta.inject.Inject.class));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-d", classes.toString(), "-classpath", classpath, "--release", "17",
                src.resolve("InvertPlugin.java").toString(), src.resolve("InvertModule.java").toString());
        assertEquals(0, rc, () -> "javac failed: " + diagnostics.toString(StandardCharsets.UTF_8));

        Path jar = dir.resolve("invert-plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/com.google.inject.Module"));
            OutputStream o = out;
            o.write("thirdparty.InvertModule\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
