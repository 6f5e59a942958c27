package dev.convstream.plugin;

import dev.convstream.plugin.contract.ScalePlugin;

import dev.convstream.plugin.contract.AudioPluginContract;

class ScalePluginContractTest extends AudioPluginContract {
    @Override
    protected AudioPluginFactory factory() {
        return ScalePlugin.FACTORY;
    }
}
