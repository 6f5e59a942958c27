package dev.convstream.host;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.multibindings.MapBinder;
import dev.convstream.plugin.AudioPluginFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the host's injector: {@link HostModule} plus every plugin a jar on the given class
 * loader provides through {@code META-INF/services/dev.convstream.plugin.PluginProvider}
 * ({@link PluginDiscovery}). A third-party plugin therefore needs no change to convstream: put
 * its jar on the class path or in a plugin folder ({@link PluginFolders}) and its factory
 * appears in the {@link PluginRegistry}. Plugins that fail to load are logged once, with their
 * jar, and listed by {@link DiscoveredPlugins}; the host starts without them.
 */
public final class HostInjector {

    private static final System.Logger LOG = System.getLogger(HostInjector.class.getName());

    private HostInjector() {
    }

    /** The injector for the plugins visible to the context class loader. */
    public static Injector create() {
        return create(Thread.currentThread().getContextClassLoader());
    }

    /**
     * The injector for the plugins visible to {@code loader}, plus {@code extra} modules (for
     * plugins that are not packaged as jars, e.g. in tests or an embedding application: bind
     * them into the {@code MapBinder<String, AudioPluginFactory>}).
     */
    public static Injector create(ClassLoader loader, Module... extra) {
        PluginDiscovery.Result found = PluginDiscovery.discover(loader);
        for (PluginProblem p : found.problems()) {
            LOG.log(System.Logger.Level.WARNING, p.toString());
        }
        List<Module> modules = new ArrayList<>();
        modules.add(new HostModule());
        modules.add(new AbstractModule() {
            @Override
            protected void configure() {
                MapBinder<String, AudioPluginFactory> map =
                        MapBinder.newMapBinder(binder(), String.class, AudioPluginFactory.class);
                for (Map.Entry<String, AudioPluginFactory> e : found.factories().entrySet()) {
                    map.addBinding(e.getKey()).toInstance(e.getValue());
                }
                bind(DiscoveredPlugins.class).toInstance(new DiscoveredPlugins(found.problems()));
            }
        });
        modules.addAll(List.of(extra));
        return Guice.createInjector(modules);
    }
}
