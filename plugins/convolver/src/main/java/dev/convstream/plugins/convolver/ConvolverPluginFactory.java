package dev.convstream.plugins.convolver;

import dev.convstream.kernel.Kernels;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.WarmUp;

/** Creates {@link ConvolverPlugin}s whose direct convolution runs on the preferred kernel family. */
public final class ConvolverPluginFactory implements AudioPluginFactory {

    /** One second of audio at 48 kHz, then until stable, at most 3 s. */
    static final WarmUp WARM_UP = new WarmUp(48_000, 3_000_000_000L);

    @Override
    public PluginDescriptor descriptor() {
        return ConvolverPlugin.DESCRIPTOR;
    }

    @Override
    public AudioPlugin create() {
        return new ConvolverPlugin(new ImpulseResponseReader(), Kernels.preferred(), WARM_UP);
    }
}
