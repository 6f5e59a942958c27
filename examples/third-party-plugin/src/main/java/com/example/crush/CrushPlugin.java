package com.example.crush;

import dev.convstream.plugin.AbstractAudioPlugin;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.Parameter;
import dev.convstream.plugin.ParameterSpec;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.SampleGuard;

/**
 * A bit crusher: rounds every sample to {@code bits} bits (a grid of step {@code 2^(1-bits)}
 * over [-1, 1]). Stateless, so prepare and reset have nothing to do.
 */
public final class CrushPlugin extends AbstractAudioPlugin {

    public static final String ID = "crush";

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.of(ID, "Bit crusher", "1.0",
            ParameterSpec.linear("bits", "Bits", 1, 16, 8, "bits"));

    private final Parameter bits = parameter("bits");

    public CrushPlugin() {
        super(DESCRIPTOR);
    }

    @Override
    public void prepare(ProcessSpec spec) {
    }

    @Override
    public void process(AudioBlock block) {
        SampleGuard.sanitize(block);
        float levels = (float) Math.pow(2, Math.round(bits.get()) - 1); // steps per unit amplitude
        for (int c = 0; c < block.channelCount(); c++) {
            float[] x = block.channel(c);
            for (int i = block.offset(), end = block.offset() + block.frames(); i < end; i++) {
                x[i] = Math.round(x[i] * levels) / levels;
            }
        }
    }

    @Override
    public void reset() {
    }
}
