package dev.convstream.plugin;

import dev.convstream.plugin.contract.DelayPlugin;
import dev.convstream.plugin.contract.ScalePlugin;

import dev.convstream.plugin.contract.AudioPluginContract;
import java.util.List;

/** A chain is a plugin: it passes the same contract (scale -> delay 37 -> scale). */
class PluginChainContractTest extends AudioPluginContract {

    @Override
    protected AudioPluginFactory factory() {
        return AudioPluginFactory.of(PluginDescriptor.of(PluginChain.ID, "Chain of 3 plugins", "1"),
                () -> new PluginChain(List.of(ScalePlugin.FACTORY.create(),
                        DelayPlugin.factory(37).create(), ScalePlugin.FACTORY.create())));
    }
}
