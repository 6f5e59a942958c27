package dev.convstream.plugin.contract;

import dev.convstream.plugin.AbstractAudioPlugin;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.SampleGuard;
import java.util.Arrays;

/** Test double: a fixed delay of {@code delay} samples per channel, declared as latency. */
public final class DelayPlugin extends AbstractAudioPlugin {

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.of("delay", "Delay", "1");

    private final int delay;
    private float[][] ring = new float[0][];
    private int pos;
    private ProcessSpec lastSpec;

    public DelayPlugin(int delay) {
        super(DESCRIPTOR);
        this.delay = delay;
    }

    /** The factory of delays of {@code delay} samples, registered as {@code delay}. */
    public static AudioPluginFactory factory(int delay) {
        return AudioPluginFactory.of(DESCRIPTOR, () -> new DelayPlugin(delay));
    }

    @Override
    public void prepare(ProcessSpec spec) {
        ring = new float[spec.channels()][Math.max(1, delay)];
        pos = 0;
        lastSpec = spec;
    }

    /** The spec of the last {@link #prepare}, or null: for tests of what a host or chain passes on. */
    public ProcessSpec lastSpec() {
        return lastSpec;
    }

    @Override
    public void process(AudioBlock block) {
        SampleGuard.sanitize(block);
        if (delay == 0) {
            return;
        }
        int p = pos;
        for (int c = 0; c < block.channelCount(); c++) {
            float[] x = block.channel(c);
            float[] r = ring[c];
            p = pos;
            for (int i = block.offset(), end = i + block.frames(); i < end; i++) {
                float out = r[p];
                r[p] = x[i];
                x[i] = out;
                if (++p == delay) {
                    p = 0;
                }
            }
        }
        pos = p;
    }

    @Override
    public int latencySamples() {
        return delay;
    }

    @Override
    public void reset() {
        for (float[] r : ring) {
            Arrays.fill(r, 0f);
        }
        pos = 0;
    }
}
