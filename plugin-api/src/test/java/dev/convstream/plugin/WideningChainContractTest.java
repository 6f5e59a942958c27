package dev.convstream.plugin;

import dev.convstream.plugin.contract.AudioPluginContract;
import dev.convstream.plugin.contract.DelayPlugin;
import dev.convstream.plugin.contract.PanPlugin;
import dev.convstream.plugin.contract.ScalePlugin;
import java.util.List;

/** A chain that makes a mono stream stereo passes the contract at 1 -> 2 channels (pan -> delay 37 -> scale). */
class WideningChainContractTest extends AudioPluginContract {

    @Override
    protected AudioPluginFactory factory() {
        return AudioPluginFactory.of(PluginDescriptor.of(PluginChain.ID, "Chain of 3 plugins", "1"),
                () -> new PluginChain(List.of(PanPlugin.FACTORY.create(), DelayPlugin.factory(37).create(),
                        ScalePlugin.FACTORY.create())));
    }

    @Override
    protected ProcessSpec spec() {
        return new ProcessSpec(48_000, 512, 1, 2);
    }
}
