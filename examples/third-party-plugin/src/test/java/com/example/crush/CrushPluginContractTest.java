package com.example.crush;

import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.contract.AudioPluginContract;

/** The checks every convstream plugin passes (allocation-free process, block-size independence, ...). */
class CrushPluginContractTest extends AudioPluginContract {
    @Override
    protected AudioPluginFactory factory() {
        return CrushPluginProvider.FACTORY;
    }
}
