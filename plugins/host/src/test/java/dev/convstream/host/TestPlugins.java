package dev.convstream.host;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.multibindings.MapBinder;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.contract.DelayPlugin;
import dev.convstream.plugin.contract.FileScalePlugin;

/**
 * The host injector for host tests: the bundled plugins plus plugin-api's test doubles
 * {@code filescale} (a resource loaded from a file) and {@code delay} (declared latency).
 */
final class TestPlugins {

    /** Latency of the registered {@code delay} plugin, in samples. */
    static final int DELAY = 100;

    private TestPlugins() {
    }

    private static final Injector INJECTOR = create();

    /** The host injector with the bundled plugins and the test plugins (shared: it is immutable). */
    static Injector injector() {
        return INJECTOR;
    }

    private static Injector create() {
        return HostInjector.create(TestPlugins.class.getClassLoader(), new AbstractModule() {
            @Override
            protected void configure() {
                MapBinder<String, AudioPluginFactory> map =
                        MapBinder.newMapBinder(binder(), String.class, AudioPluginFactory.class);
                map.addBinding(FileScalePlugin.DESCRIPTOR.id()).toInstance(FileScalePlugin.FACTORY);
                map.addBinding(DelayPlugin.DESCRIPTOR.id()).toInstance(DelayPlugin.factory(DELAY));
            }
        });
    }

    static PluginRegistry registry() {
        return injector().getInstance(PluginRegistry.class);
    }
}
