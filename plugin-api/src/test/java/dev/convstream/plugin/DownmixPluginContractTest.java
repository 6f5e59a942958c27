package dev.convstream.plugin;

import dev.convstream.plugin.contract.AudioPluginContract;
import dev.convstream.plugin.contract.DownmixPlugin;

/** A plugin that narrows stereo to mono passes the contract at 2 -> 1 channels. */
class DownmixPluginContractTest extends AudioPluginContract {

    @Override
    protected AudioPluginFactory factory() {
        return DownmixPlugin.FACTORY;
    }

    @Override
    protected ProcessSpec spec() {
        return new ProcessSpec(48_000, 512, 2, 1);
    }
}
