package dev.convstream.plugins.gain;

import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.contract.AudioPluginContract;

class GainPluginContractTest extends AudioPluginContract {
    @Override
    protected AudioPluginFactory factory() {
        return GainPluginProvider.FACTORY;
    }
}
