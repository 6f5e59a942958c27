package dev.convstream.plugins.gain;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.convstream.plugin.AudioPluginFactory;

/** Contributes the gain plugin to the host's registry. Listed in META-INF/services. */
public final class GainModule extends AbstractModule {

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, AudioPluginFactory.class)
                .addBinding(GainPlugin.ID).to(GainPluginFactory.class);
    }
}
