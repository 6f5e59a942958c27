package com.example.crush;

import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.PluginProvider;
import java.util.List;

/**
 * What makes the plugin visible to convstream: listed in
 * {@code META-INF/services/dev.convstream.plugin.PluginProvider}, it hands the host a factory
 * per plugin of this jar.
 */
public final class CrushPluginProvider implements PluginProvider {

    /** Creates {@link CrushPlugin}s. */
    public static final AudioPluginFactory FACTORY = AudioPluginFactory.of(CrushPlugin.DESCRIPTOR, CrushPlugin::new);

    @Override
    public List<AudioPluginFactory> factories() {
        return List.of(FACTORY);
    }
}
