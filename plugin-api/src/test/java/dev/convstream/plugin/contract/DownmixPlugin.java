package dev.convstream.plugin.contract;

import dev.convstream.plugin.AbstractAudioPlugin;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.ChannelMapping;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.SampleGuard;

/** Test double that narrows the stream: stereo in, mono out, the mean of the two channels. */
public final class DownmixPlugin extends AbstractAudioPlugin {

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.of("downmix", "Downmix", "1");

    public static final AudioPluginFactory FACTORY = AudioPluginFactory.of(DESCRIPTOR, DownmixPlugin::new);

    public DownmixPlugin() {
        super(DESCRIPTOR);
    }

    @Override
    public ChannelMapping channelMapping() {
        return ChannelMapping.of(2, 1);
    }

    @Override
    public void prepare(ProcessSpec spec) {
    }

    @Override
    public void process(AudioBlock block) {
        SampleGuard.sanitize(block);
        float[] l = block.channel(0);
        float[] r = block.channel(1);
        for (int i = block.offset(), end = i + block.frames(); i < end; i++) {
            l[i] = 0.5f * (l[i] + r[i]);
        }
    }

    @Override
    public void reset() {
    }
}
