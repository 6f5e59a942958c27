package dev.convstream.plugins.gain;

import dev.convstream.plugin.AbstractAudioPlugin;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.Decibels;
import dev.convstream.plugin.Parameter;
import dev.convstream.plugin.ParameterSpec;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.SampleGuard;
import dev.convstream.plugin.SmoothedValue;

/**
 * Multiplies every channel by a gain given in dB. A change of {@code db} ramps the linear
 * gain over {@link SmoothedValue#DEFAULT_RAMP_SECONDS}, so automation does not click. No
 * latency, no state apart from the ramp.
 */
public final class GainPlugin extends AbstractAudioPlugin {

    public static final String ID = "gain";

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.of(ID, "Gain", "1.0",
            ParameterSpec.linear("db", "Gain", -80, 24, 0, "dB"));

    private final Parameter db = parameter("db");
    private final SmoothedValue gain = new SmoothedValue(1f);

    public GainPlugin() {
        super(DESCRIPTOR);
    }

    @Override
    public void prepare(ProcessSpec spec) {
        gain.setCurrentAndTarget(Decibels.toGain(db.get()));
        gain.prepare(spec.sampleRate(), SmoothedValue.DEFAULT_RAMP_SECONDS);
    }

    @Override
    public void process(AudioBlock block) {
        SampleGuard.sanitize(block);
        gain.setTarget(Decibels.toGain(db.get()));
        gain.applyGain(block);
    }

    @Override
    public void reset() {
        gain.setCurrentAndTarget(Decibels.toGain(db.get()));
    }
}
