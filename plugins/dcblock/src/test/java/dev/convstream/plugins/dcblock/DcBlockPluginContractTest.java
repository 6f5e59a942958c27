package dev.convstream.plugins.dcblock;

import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.contract.AudioPluginContract;

class DcBlockPluginContractTest extends AudioPluginContract {
    @Override
    protected AudioPluginFactory factory() {
        return DcBlockPluginProvider.FACTORY;
    }
}
