package dev.convstream.plugins.gain;

import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.PluginProvider;
import java.util.List;

/** Contributes the gain plugin. Listed in META-INF/services. */
public final class GainPluginProvider implements PluginProvider {

    /** Creates {@link GainPlugin}s. */
    public static final AudioPluginFactory FACTORY = AudioPluginFactory.of(GainPlugin.DESCRIPTOR, GainPlugin::new);

    @Override
    public List<AudioPluginFactory> factories() {
        return List.of(FACTORY);
    }
}
