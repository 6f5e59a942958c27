package dev.convstream.plugins.gain;

import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.PluginDescriptor;

/** Creates {@link GainPlugin}s. */
public final class GainPluginFactory implements AudioPluginFactory {

    @Override
    public PluginDescriptor descriptor() {
        return GainPlugin.DESCRIPTOR;
    }

    @Override
    public AudioPlugin create() {
        return new GainPlugin();
    }
}
