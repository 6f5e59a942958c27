package dev.convstream.plugin;

import dev.convstream.plugin.contract.AudioPluginContract;
import dev.convstream.plugin.contract.DelayPlugin;
import dev.convstream.plugin.contract.DownmixPlugin;
import dev.convstream.plugin.contract.PanPlugin;
import java.util.List;

/**
 * A chain that is wider inside than at its ends (mono -> pan -> stereo delay 37 -> downmix ->
 * mono) passes the contract at 1 -> 1: the stereo middle runs in the chain's own buffers.
 */
class WiderInsideChainContractTest extends AudioPluginContract {

    @Override
    protected AudioPluginFactory factory() {
        return AudioPluginFactory.of(PluginDescriptor.of(PluginChain.ID, "Chain of 3 plugins", "1"),
                () -> new PluginChain(List.of(PanPlugin.FACTORY.create(), DelayPlugin.factory(37).create(),
                        DownmixPlugin.FACTORY.create())));
    }

    @Override
    protected ProcessSpec spec() {
        return new ProcessSpec(48_000, 512, 1, 1);
    }
}
