package dev.convstream.plugins.convolver;

import dev.convstream.kernel.Kernels;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.PluginDescriptor;

/** Creates {@link ConvolverPlugin}s whose direct convolution runs on the preferred kernel family. */
public final class ConvolverPluginFactory implements AudioPluginFactory {

    @Override
    public PluginDescriptor descriptor() {
        return ConvolverPlugin.DESCRIPTOR;
    }

    @Override
    public AudioPlugin create() {
        return new ConvolverPlugin(new ImpulseResponseReader(), Kernels.preferred(), WarmUp.DEFAULT);
    }
}
