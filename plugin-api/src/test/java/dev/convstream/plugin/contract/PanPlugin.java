package dev.convstream.plugin.contract;

import dev.convstream.plugin.AbstractAudioPlugin;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.ChannelMapping;
import dev.convstream.plugin.Parameter;
import dev.convstream.plugin.ParameterSpec;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.SampleGuard;

/**
 * Test double that widens the stream: mono in, stereo out, a constant-power pan
 * ({@code left = cos(theta) x}, {@code right = sin(theta) x}, {@code theta = (pan + 1) pi / 4}).
 * Stateless; the gains are read once per block.
 */
public final class PanPlugin extends AbstractAudioPlugin {

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.of("pan", "Pan", "1",
            ParameterSpec.linear("pan", "Pan (-1 left, 1 right)", -1, 1, 0, ""));

    public static final AudioPluginFactory FACTORY = AudioPluginFactory.of(DESCRIPTOR, PanPlugin::new);

    private final Parameter pan = parameter("pan");

    public PanPlugin() {
        super(DESCRIPTOR);
    }

    /** The left gain at {@code pan}. */
    public static float left(double pan) {
        return (float) Math.cos((pan + 1) * Math.PI / 4);
    }

    /** The right gain at {@code pan}. */
    public static float right(double pan) {
        return (float) Math.sin((pan + 1) * Math.PI / 4);
    }

    @Override
    public ChannelMapping channelMapping() {
        return ChannelMapping.of(1, 2);
    }

    @Override
    public void prepare(ProcessSpec spec) {
    }

    @Override
    public void process(AudioBlock block) {
        SampleGuard.sanitize(block);
        double p = pan.get();
        float l = left(p);
        float r = right(p);
        float[] x = block.channel(0);
        float[] y = block.channel(1);
        for (int i = block.offset(), end = i + block.frames(); i < end; i++) {
            y[i] = r * x[i];
            x[i] = l * x[i];
        }
    }

    @Override
    public void reset() {
    }
}
