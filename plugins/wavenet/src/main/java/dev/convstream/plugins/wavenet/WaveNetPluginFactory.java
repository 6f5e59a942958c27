package dev.convstream.plugins.wavenet;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.PluginDescriptor;

/** Creates {@link WaveNetPlugin}s running on the preferred kernel family (Vector API when available). */
public final class WaveNetPluginFactory implements AudioPluginFactory {

    @Override
    public PluginDescriptor descriptor() {
        return WaveNetPlugin.DESCRIPTOR;
    }

    @Override
    public AudioPlugin create() {
        return new WaveNetPlugin(new NamLoader(), Kernels.preferred(), WarmUp.DEFAULT);
    }
}
