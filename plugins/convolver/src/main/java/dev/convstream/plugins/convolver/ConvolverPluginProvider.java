package dev.convstream.plugins.convolver;

import dev.convstream.kernel.Kernels;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.PluginProvider;
import dev.convstream.plugin.WarmUp;
import java.util.List;

/**
 * Contributes the convolver plugin, its direct convolution on the preferred kernel family.
 * Listed in META-INF/services.
 */
public final class ConvolverPluginProvider implements PluginProvider {

    /** One second of audio at 48 kHz, then until stable, at most 3 s. */
    static final WarmUp WARM_UP = new WarmUp(48_000, 3_000_000_000L);

    /** Creates {@link ConvolverPlugin}s. */
    public static final AudioPluginFactory FACTORY = AudioPluginFactory.of(ConvolverPlugin.DESCRIPTOR,
            () -> new ConvolverPlugin(new ImpulseResponseReader(), Kernels.preferred(), WARM_UP));

    @Override
    public List<AudioPluginFactory> factories() {
        return List.of(FACTORY);
    }
}
