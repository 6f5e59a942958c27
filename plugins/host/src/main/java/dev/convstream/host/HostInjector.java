package dev.convstream.host;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Builds the host's injector: {@link HostModule} plus every plugin module that a jar on the
 * given class loader lists in {@code META-INF/services/com.google.inject.Module}. A third-party
 * plugin therefore needs no change to convstream: put its jar on the class path (or in a
 * class loader passed here) and its factory appears in the {@link PluginRegistry}.
 */
public final class HostInjector {

    private HostInjector() {
    }

    /** The injector for the plugins visible to the context class loader. */
    public static Injector create() {
        return create(Thread.currentThread().getContextClassLoader());
    }

    /**
     * The injector for the plugins visible to {@code loader}, plus {@code extra} modules (for
     * plugins that are not packaged as jars, e.g. in tests or an embedding application).
     */
    public static Injector create(ClassLoader loader, Module... extra) {
        List<Module> modules = new ArrayList<>();
        modules.add(new HostModule());
        modules.addAll(discoverPluginModules(loader));
        modules.addAll(List.of(extra));
        return Guice.createInjector(modules);
    }

    /** Every module listed under {@code META-INF/services/com.google.inject.Module}. */
    public static List<Module> discoverPluginModules(ClassLoader loader) {
        List<Module> found = new ArrayList<>();
        for (Module m : ServiceLoader.load(Module.class, loader)) {
            found.add(m);
        }
        return found;
    }
}
