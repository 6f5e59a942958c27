package dev.convstream.plugin;

/** Test plugin: a fixed delay of {@code delay} samples per channel, declared as latency. */
final class DelayPlugin implements AudioPlugin {

    static final PluginDescriptor DESCRIPTOR = PluginDescriptor.of("delay", "Delay", "1");

    private final int delay;
    private float[][] ring;
    private int pos;

    DelayPlugin(int delay) {
        this.delay = delay;
    }

    static AudioPluginFactory factory(int delay) {
        return new AudioPluginFactory() {
            @Override
            public PluginDescriptor descriptor() {
                return DESCRIPTOR;
            }

            @Override
            public AudioPlugin create() {
                return new DelayPlugin(delay);
            }
        };
    }

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ParameterSet parameters() {
        return ParameterSet.empty();
    }

    @Override
    public void prepare(ProcessSpec spec) {
        ring = new float[spec.channels()][Math.max(1, delay)];
        pos = 0;
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
            java.util.Arrays.fill(r, 0f);
        }
        pos = 0;
    }

    @Override
    public void close() {
    }
}
