package dev.convstream.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.PluginProvider;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.contract.PluginJars;
import static dev.convstream.plugin.contract.PluginJars.INVERT_PLUGIN;
import static dev.convstream.plugin.contract.PluginJars.INVERT_PROVIDER;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            throws IOException {
        return PluginJars.build(dir, name, sources, Map.of(PluginProvider.class.getName(), providers));
    }

    private static Path buildJar(Path dir, String name, Map<String, String> sources, Map<String, String> services)
            throws IOException {
        return PluginJars.build(dir, name, sources, services, AbstractModule.class, jakarta.inject.Inject.class);
    }
}
