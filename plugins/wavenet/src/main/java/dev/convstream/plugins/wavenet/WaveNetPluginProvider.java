package dev.convstream.plugins.wavenet;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.PluginProvider;
import dev.convstream.plugin.WarmUp;
import java.util.List;

/**
 * Contributes the Neural Amp Modeler plugin ({@code nam}, formerly {@code wavenet}), running on the preferred kernel family
 * (Vector API when available). Listed in META-INF/services.
 */
public final class WaveNetPluginProvider implements PluginProvider {

    /**
     * One second of audio at 48 kHz, then until stable, at most 10 s. Measured with NAM's A1
     * standard model on the busy 2-core build machine (blocks of 256, 5.3 ms of audio each):
     * with no warm-up, or with a fixed 0.3 s or 1.5 s one, the first blocks still took
     * 0.1-1 s each; the compiled code arrived after 2-5 s of warm-up, after which blocks take
     * ~0.2 ms. Tiny models are stable within milliseconds.
     */
    static final WarmUp WARM_UP = new WarmUp(48_000, 10_000_000_000L);

    /** Creates {@link WaveNetPlugin}s. */
    public static final AudioPluginFactory FACTORY = AudioPluginFactory.of(WaveNetPlugin.DESCRIPTOR,
            List.of(WaveNetPlugin.FORMER_ID), () -> new WaveNetPlugin(new NamLoader(), Kernels.preferred(), WARM_UP));

    @Override
    public List<AudioPluginFactory> factories() {
        return List.of(FACTORY);
    }
}
