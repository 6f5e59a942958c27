package dev.convstream.plugins.wavenet;

import dev.convstream.plugin.ProcessSpec;

/**
 * The whole plugin contract (zero allocation per block, block cutting, reset, swaps, stable
 * latency) again with the contract's 48 kHz models on a 44.1 kHz host: every block runs
 * through the rate adapter.
 */
class WaveNetPluginResampledContractTest extends WaveNetPluginContractTest {

    @Override
    protected ProcessSpec spec() {
        return new ProcessSpec(44_100, 512, 2);
    }
}
