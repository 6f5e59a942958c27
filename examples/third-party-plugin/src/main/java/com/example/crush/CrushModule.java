package com.example.crush;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.PluginDescriptor;

/**
 * What makes the plugin visible to convstream: a Guice module that adds a factory to the
 * host's plugin map under the plugin's id, listed in
 * {@code META-INF/services/com.google.inject.Module}.
 */
public final class CrushModule extends AbstractModule {

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, AudioPluginFactory.class)
                .addBinding(CrushPlugin.ID).toInstance(new Factory());
    }

    /** Creates {@link CrushPlugin}s. */
    public static final class Factory implements AudioPluginFactory {
        @Override
        public PluginDescriptor descriptor() {
            return CrushPlugin.DESCRIPTOR;
        }

        @Override
        public AudioPlugin create() {
            return new CrushPlugin();
        }
    }
}
