package dev.convstream.plugins.convolver;

import dev.convstream.plugin.ProcessSpec;
import java.util.Map;

/**
 * The shared contract for a mono stream through the long stereo response (mono to stereo,
 * 1 -> 2 channels): zero allocation, block-partition independence and swaps hold when the
 * plugin widens the stream too. Same response, tolerance and factory as the stereo case.
 */
class ConvolverMonoToStereoContractTest extends ConvolverPluginContractTest {

    @Override
    protected ProcessSpec spec() {
        return new ProcessSpec(48_000, 512, 1, 2);
    }

    /** The long stereo response, then the short one: both keep the output stereo. Normalisation off, as in the stereo case. */
    @Override
    protected ResourceSwap resourceSwap() throws Exception {
        return new ResourceSwap("ir", Golden.path("ir_long_stereo.wav").toString(),
                Golden.path("ir_short_stereo.wav").toString(), Map.of("normalize", 0.0));
    }
}
