package dev.convstream.plugin;

import dev.convstream.plugin.contract.AudioPluginContract;
import dev.convstream.plugin.contract.PanPlugin;

/** A plugin that widens mono to stereo passes the contract at 1 -> 2 channels. */
class PanPluginContractTest extends AudioPluginContract {

    @Override
    protected AudioPluginFactory factory() {
        return PanPlugin.FACTORY;
    }

    @Override
    protected ProcessSpec spec() {
        return new ProcessSpec(48_000, 512, 1, 2);
    }
}
