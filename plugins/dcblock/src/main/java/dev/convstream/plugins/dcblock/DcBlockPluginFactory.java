package dev.convstream.plugins.dcblock;

import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.PluginDescriptor;

/** Creates {@link DcBlockPlugin}s. */
public final class DcBlockPluginFactory implements AudioPluginFactory {

    @Override
    public PluginDescriptor descriptor() {
        return DcBlockPlugin.DESCRIPTOR;
    }

    @Override
    public AudioPlugin create() {
        return new DcBlockPlugin();
    }
}
