package dev.convstream.plugin.contract;

import dev.convstream.plugin.AbstractAudioPlugin;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.Parameter;
import dev.convstream.plugin.ParameterSpec;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.SampleGuard;
import dev.convstream.plugin.SmoothedValue;

/** Test double: multiplies by a smoothed {@code factor}; stateless apart from the ramp. */
public final class ScalePlugin extends AbstractAudioPlugin {

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.of("scale", "Scale", "1",
            ParameterSpec.linear("factor", "Factor", -2, 2, 1, ""));

    public static final AudioPluginFactory FACTORY = AudioPluginFactory.of(DESCRIPTOR, ScalePlugin::new);

    private final Parameter factor = parameter("factor");
    private final SmoothedValue smoothed = new SmoothedValue(1f);

    public ScalePlugin() {
        super(DESCRIPTOR);
    }

    @Override
    public void prepare(ProcessSpec spec) {
        smoothed.setCurrentAndTarget((float) factor.get());
        smoothed.prepare(spec.sampleRate(), 0.01);
    }

    @Override
    public void process(AudioBlock block) {
        SampleGuard.sanitize(block);
        smoothed.setTarget((float) factor.get());
        smoothed.applyGain(block);
    }

    @Override
    public void reset() {
        smoothed.setCurrentAndTarget((float) factor.get());
    }
}
