package dev.convstream.plugin;

import dev.convstream.plugin.contract.AudioPluginContract;
import java.util.List;

/** A chain is a plugin: it passes the same contract (scale -> delay 37 -> scale). */
class PluginChainContractTest extends AudioPluginContract {

    @Override
    protected AudioPluginFactory factory() {
        return new AudioPluginFactory() {
            @Override
            public PluginDescriptor descriptor() {
                return PluginDescriptor.of(PluginChain.ID, "Chain of 3 plugins", "1");
            }

            @Override
            public AudioPlugin create() {
                return new PluginChain(List.of(ScalePlugin.FACTORY.create(),
                        DelayPlugin.factory(37).create(), ScalePlugin.FACTORY.create()));
            }
        };
    }
}
