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
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostWiringTest {

    /** A third-party plugin: polarity inversion, id {@code invert}. */
    private static final String INVERT_PLUGIN = """
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

    private static final String INVERT_PROVIDER = """
            package thirdparty;
            import dev.convstream.plugin.*;
            import java.util.List;
            public final class InvertProvider implements PluginProvider {
                public List<AudioPluginFactory> factories() {
                    return List.of(AudioPluginFactory.of(InvertPlugin.D, InvertPlugin::new));
                }
            }
            """;

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
        Path jar = buildJar(dir, "invert-plugin", Map.of("InvertPlugin", INVERT_PLUGIN, "InvertProvider", INVERT_PROVIDER),
                "thirdparty.InvertProvider\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                HostWiringTest.class.getClassLoader())) {
            Injector injector = HostInjector.create(loader);
            PluginRegistry registry = injector.getInstance(PluginRegistry.class);
            assertTrue(registry.ids().containsAll(List.of("dcblock", "gain", "invert")), "ids: " + registry.ids());
            assertEquals(List.of(), injector.getInstance(DiscoveredPlugins.class).problems());

            // It runs, alone and in a parsed chain with a bundled plugin.
            try (AudioPlugin chain = injector.getInstance(ChainBuilder.class).build("invert -> gain(db=0)")) {
                chain.prepare(new ProcessSpec(48_000, 4, 1));
                float[][] x = {{0.5f, -0.25f, 0.125f, 1f}};
                chain.process(AudioBlock.wrap(x, 4));
                assertArrayEquals(new float[] {-0.5f, 0.25f, -0.125f, -1f}, x[0]);
            }
        }
    }

    @Test
    void aGuiceModuleServiceIsNotAPlugin(@TempDir Path dir) throws Exception {
        // Any library may ship a Guice module service; the host no longer installs those.
        Path jar = buildJar(dir, "guice-lib", Map.of("InvertPlugin", INVERT_PLUGIN, "LibModule", """
                package thirdparty;
                public final class LibModule extends com.google.inject.AbstractModule {
                    @Override protected void configure() {
                        com.google.inject.multibindings.MapBinder.newMapBinder(binder(), String.class,
                                dev.convstream.plugin.AudioPluginFactory.class).addBinding("invert").toInstance(
                                dev.convstream.plugin.AudioPluginFactory.of(InvertPlugin.D, InvertPlugin::new));
                    }
                }
                """), Map.of("com.google.inject.Module", "thirdparty.LibModule\n"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                HostWiringTest.class.getClassLoader())) {
            PluginRegistry registry = HostInjector.create(loader).getInstance(PluginRegistry.class);
            assertTrue(!registry.ids().contains("invert") && registry.ids().contains("gain"), "ids: " + registry.ids());
        }
    }

    @Test
    void servicesEntryNamingAMissingClassIsReportedWithItsJarAndSkipped(@TempDir Path dir) throws Exception {
        Path broken = buildJar(dir, "broken", Map.of(), "thirdparty.NoSuchProvider\n");
        Path good = buildJar(dir.resolve("good"), "invert-plugin",
                Map.of("InvertPlugin", INVERT_PLUGIN, "InvertProvider", INVERT_PROVIDER), "thirdparty.InvertProvider\n");
        PluginDiscovery.Result r = discover(broken, good);
        assertTrue(r.factories().containsKey("invert") && r.factories().containsKey("gain"), "found: " + r.factories().keySet());
        assertEquals(1, r.problems().size(), "problems: " + r.problems());
        PluginProblem p = r.problems().get(0);
        assertEquals(broken.toString(), p.source());
        assertTrue(p.reason().contains("thirdparty.NoSuchProvider") && p.reason().contains("not found"), p.reason());
    }

    @Test
    void providerThatThrowsIsReportedWithItsJarAndSkipped(@TempDir Path dir) throws Exception {
        Path inConstructor = buildJar(dir, "throws-in-constructor", Map.of("Boom", """
                package thirdparty;
                public final class Boom implements dev.convstream.plugin.PluginProvider {
                    public Boom() { throw new IllegalStateException("no licence key"); }
                    public java.util.List<dev.convstream.plugin.AudioPluginFactory> factories() { return java.util.List.of(); }
                }
                """), "thirdparty.Boom\n");
        Path inFactories = buildJar(dir.resolve("second"), "throws-in-factories", Map.of("Bang", """
                package thirdparty;
                public final class Bang implements dev.convstream.plugin.PluginProvider {
                    public java.util.List<dev.convstream.plugin.AudioPluginFactory> factories() {
                        throw new UnsupportedOperationException("model folder missing");
                    }
                }
                """), "thirdparty.Bang\n");
        PluginDiscovery.Result r = discover(inConstructor, inFactories);
        assertTrue(r.factories().containsKey("gain"), "found: " + r.factories().keySet());
        assertEquals(2, r.problems().size(), "problems: " + r.problems());
        Map<String, String> bySource = new LinkedHashMap<>();
        r.problems().forEach(p -> bySource.put(p.source(), p.reason()));
        String boom = bySource.get(inConstructor.toString());
        assertTrue(boom != null && boom.contains("thirdparty.Boom") && boom.contains("no licence key"), "" + bySource);
        String bang = bySource.get(inFactories.toString());
        assertTrue(bang != null && bang.contains("thirdparty.Bang") && bang.contains("model folder missing"), "" + bySource);
    }

    @Test
    void duplicatePluginIdIsReportedWithBothJarsAndTheFirstKept(@TempDir Path dir) throws Exception {
        Path first = buildJar(dir.resolve("a"), "invert-a",
                Map.of("InvertPlugin", INVERT_PLUGIN, "InvertProvider", INVERT_PROVIDER), "thirdparty.InvertProvider\n");
        Path second = buildJar(dir.resolve("b"), "gain-clone", Map.of("InvertPlugin", INVERT_PLUGIN, "GainClone", """
                package thirdparty;
                import dev.convstream.plugin.*;
                public final class GainClone implements PluginProvider {
                    public java.util.List<AudioPluginFactory> factories() {
                        return java.util.List.of(AudioPluginFactory.of(
                                PluginDescriptor.of("gain", "Not the gain", "9"), InvertPlugin::new));
                    }
                }
                """), "thirdparty.GainClone\n");
        PluginDiscovery.Result r = discover(first, second);
        assertEquals("Gain", r.factories().get("gain").descriptor().name(), "the shipped gain stays");
        assertTrue(r.factories().containsKey("invert"));
        assertEquals(1, r.problems().size(), "problems: " + r.problems());
        PluginProblem p = r.problems().get(0);
        assertEquals(second.toString(), p.source());
        assertTrue(p.reason().contains("'gain'") && p.reason().contains("already provided by"), p.reason());
    }

    @Test
    void pluginFolderLoadsEveryJarInIt(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        Path jar = buildJar(dir, "invert-plugin", Map.of("InvertPlugin", INVERT_PLUGIN, "InvertProvider", INVERT_PROVIDER),
                "thirdparty.InvertProvider\n");
        Files.copy(jar, folder.resolve("invert.jar"));
        Files.writeString(folder.resolve("README.txt"), "not a jar");
        ClassLoader loader = PluginFolders.loader(List.of(folder), HostWiringTest.class.getClassLoader());
        PluginRegistry registry = HostInjector.create(loader).getInstance(PluginRegistry.class);
        assertTrue(registry.ids().contains("invert"), "ids: " + registry.ids());
        assertEquals(List.of(dir.resolve("a"), dir.resolve("b")),
                PluginFolders.parse(dir.resolve("a") + File.pathSeparator + File.pathSeparator + dir.resolve("b")));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PluginFolders.loader(List.of(dir.resolve("nowhere")), HostWiringTest.class.getClassLoader()));
        assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    private static PluginDiscovery.Result discover(Path... jars) throws IOException {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = jars[i].toUri().toURL();
        }
        try (URLClassLoader loader = new URLClassLoader(urls, HostWiringTest.class.getClassLoader())) {
            return PluginDiscovery.discover(loader);
        }
    }

    private static Path buildJar(Path dir, String name, Map<String, String> sources, String providers)
            throws IOException, URISyntaxException {
        return buildJar(dir, name, sources, Map.of(dev.convstream.plugin.PluginProvider.class.getName(), providers));
    }

    /** Compiles {@code sources} (class name -> source, package thirdparty) and jars them with the services files. */
    private static Path buildJar(Path dir, String name, Map<String, String> sources, Map<String, String> services)
            throws IOException, URISyntaxException {
        Path src = Files.createDirectories(dir.resolve("src-" + name + "/thirdparty"));
        Path classes = Files.createDirectories(dir.resolve("classes-" + name));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                String.join(File.pathSeparator, location(AudioPlugin.class), location(AbstractModule.class),
                        location(jakarta.inject.Inject.class)), "--release", "17"));
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path file = src.resolve(s.getKey() + ".java");
            Files.writeString(file, s.getValue());
            args.add(file.toString());
        }
        if (!sources.isEmpty()) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
            int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
            assertEquals(0, rc, () -> "javac failed: " + diagnostics.toString(StandardCharsets.UTF_8));
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

    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
