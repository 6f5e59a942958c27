package dev.convstream.plugins.dcblock;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.convstream.plugin.AudioPluginFactory;

/** Contributes the DC blocker to the host's registry. Listed in META-INF/services. */
public final class DcBlockModule extends AbstractModule {

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, AudioPluginFactory.class)
                .addBinding(DcBlockPlugin.ID).to(DcBlockPluginFactory.class);
    }
}
