package dev.convstream.plugins.dcblock;

import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.PluginProvider;
import java.util.List;

/** Contributes the DC blocker plugin. Listed in META-INF/services. */
public final class DcBlockPluginProvider implements PluginProvider {

    /** Creates {@link DcBlockPlugin}s. */
    public static final AudioPluginFactory FACTORY = AudioPluginFactory.of(DcBlockPlugin.DESCRIPTOR, DcBlockPlugin::new);

    @Override
    public List<AudioPluginFactory> factories() {
        return List.of(FACTORY);
    }
}
