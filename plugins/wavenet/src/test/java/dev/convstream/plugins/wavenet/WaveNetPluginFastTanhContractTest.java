package dev.convstream.plugins.wavenet;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.plugin.AudioPluginFactory;

/**
 * The whole plugin contract (zero allocation per block included) again with every model
 * running NAM core's fast tanh. The switch comes from the loader rather than the
 * {@code fast_tanh} parameter because the contract checks that parameters start at their
 * defaults; both end in the same {@code NamFile.withFastTanh()} model
 * ({@link WaveNetPluginTest} checks the parameter's output).
 */
class WaveNetPluginFastTanhContractTest extends WaveNetPluginContractTest {

    private static final AudioPluginFactory FAST = AudioPluginFactory.of(WaveNetPlugin.DESCRIPTOR,
            () -> new WaveNetPlugin(new NamLoader().withFastTanh(true), Kernels.preferred(),
                    WaveNetPluginProvider.WARM_UP));

    @Override
    protected AudioPluginFactory factory() {
        return FAST;
    }
}
