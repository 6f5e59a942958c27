package dev.convstream.plugins.gain;

import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.Parameter;
import dev.convstream.plugin.ParameterSet;
import dev.convstream.plugin.ParameterSpec;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.SampleGuard;
import dev.convstream.plugin.SmoothedValue;

/**
 * Multiplies every channel by a gain given in dB. A change of {@code db} ramps the linear
 * gain over {@link #RAMP_SECONDS}, so automation does not click. No latency, no state apart
 * from the ramp.
 */
public final class GainPlugin implements AudioPlugin {

    public static final String ID = "gain";

    /** Long enough to be inaudible as a step, short enough to feel immediate. */
    static final double RAMP_SECONDS = 0.02;

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.of(ID, "Gain", "1.0",
            ParameterSpec.linear("db", "Gain", -80, 24, 0, "dB"));

    private final ParameterSet parameters = ParameterSet.of(DESCRIPTOR.parameters());
    private final Parameter db = parameters.get("db");
    private final SmoothedValue gain = new SmoothedValue(1f);

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    public void prepare(ProcessSpec spec) {
        gain.setCurrentAndTarget(linear(db.get()));
        gain.prepare(spec.sampleRate(), RAMP_SECONDS);
    }

    @Override
    public void process(AudioBlock block) {
        SampleGuard.sanitize(block);
        gain.setTarget(linear(db.get()));
        int off = block.offset();
        int end = off + block.frames();
        int channels = block.channelCount();
        int i = off;
        // While ramping, one gain value per frame shared by all channels.
        for (; gain.isSmoothing() && i < end; i++) {
            float g = gain.next();
            for (int c = 0; c < channels; c++) {
                block.channel(c)[i] *= g;
            }
        }
        float g = gain.current();
        for (int c = 0; c < channels; c++) {
            float[] x = block.channel(c);
            for (int j = i; j < end; j++) {
                x[j] *= g;
            }
        }
    }

    @Override
    public void reset() {
        gain.setCurrentAndTarget(linear(db.get()));
    }

    @Override
    public void close() {
    }

    /** dB to amplitude ratio. */
    static float linear(double decibels) {
        return (float) Math.pow(10, decibels / 20);
    }
}
