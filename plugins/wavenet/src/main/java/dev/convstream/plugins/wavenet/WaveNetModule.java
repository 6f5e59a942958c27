package dev.convstream.plugins.wavenet;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.convstream.plugin.AudioPluginFactory;

/** Contributes the WaveNet (Neural Amp Modeler) plugin to the host's registry. Listed in META-INF/services. */
public final class WaveNetModule extends AbstractModule {

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, AudioPluginFactory.class)
                .addBinding(WaveNetPlugin.ID).to(WaveNetPluginFactory.class);
    }
}
