package dev.convstream.plugins.wavenet;

import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.contract.AudioPluginContract;
import dev.convstream.testing.NamDocuments;
import java.nio.file.Path;

class WaveNetPluginContractTest extends AudioPluginContract {

    private static Path model;
    private static Path other;

    @Override
    protected AudioPluginFactory factory() {
        return WaveNetPluginProvider.FACTORY;
    }

    @Override
    protected void configure(AudioPlugin plugin) throws Exception {
        synchronized (WaveNetPluginContractTest.class) {
            if (model == null) {
                model = NamDocuments.temporary(11, 48_000, -12.0);
            }
        }
        plugin.setResource("model", model.toString());
    }

    /** Two tiny models of the same loudness, so the swap does not ramp the normalisation gain. */
    @Override
    protected ResourceSwap resourceSwap() throws Exception {
        synchronized (WaveNetPluginContractTest.class) {
            if (other == null) {
                other = NamDocuments.temporary(22, 48_000, -12.0);
            }
        }
        return new ResourceSwap("model", NamDocuments.temporary(21, 48_000, -12.0).toString(), other.toString());
    }

    /**
     * The vector GEMM sums a dot product in an order that depends on how many frames it gets
     * (a k-vectorised matrix-vector path for one frame, register tiles for many), so blocks of
     * 1 and of 512 differ by float rounding: a few ulps per layer of a model whose output here
     * stays below 1, about 1e-7. 1e-5 leaves room for that and still fails on any real
     * misalignment (one sample of delay moves this output by ~1e-2).
     */
    @Override
    protected double partitionTolerance() {
        return 1e-5;
    }

    /** ResourceHolder's crossfade: 50 ms at the contract's 48 kHz. */
    @Override
    protected int swapCrossfadeFrames() {
        return dev.convstream.plugin.ResourceHolder.crossfadeFrames(spec().sampleRate()); // 2400 at 48 kHz
    }
}
