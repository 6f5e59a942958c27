package dev.convstream.plugins.convolver;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.convstream.plugin.AudioPluginFactory;

/** Contributes the convolver plugin to the host's registry. Listed in META-INF/services. */
public final class ConvolverModule extends AbstractModule {

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, AudioPluginFactory.class)
                .addBinding(ConvolverPlugin.ID).to(ConvolverPluginFactory.class);
    }
}
