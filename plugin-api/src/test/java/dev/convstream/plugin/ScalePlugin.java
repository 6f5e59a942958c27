package dev.convstream.plugin;

/** Test plugin: multiplies by a smoothed {@code factor}; stateless apart from the ramp. */
final class ScalePlugin implements AudioPlugin {

    static final PluginDescriptor DESCRIPTOR = PluginDescriptor.of("scale", "Scale", "1",
            ParameterSpec.linear("factor", "Factor", -2, 2, 1, ""));

    static final AudioPluginFactory FACTORY = new AudioPluginFactory() {
        @Override
        public PluginDescriptor descriptor() {
            return DESCRIPTOR;
        }

        @Override
        public AudioPlugin create() {
            return new ScalePlugin();
        }
    };

    private final ParameterSet parameters = ParameterSet.of(DESCRIPTOR.parameters());
    private final Parameter factor = parameters.get("factor");
    private final SmoothedValue smoothed = new SmoothedValue(1f);

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
        smoothed.setCurrentAndTarget((float) factor.get());
        smoothed.prepare(spec.sampleRate(), 0.01);
    }

    @Override
    public void process(AudioBlock block) {
        SampleGuard.sanitize(block);
        smoothed.setTarget((float) factor.get());
        // One ramp shared by all channels: advance it once per frame.
        for (int i = block.offset(), end = i + block.frames(); i < end; i++) {
            float g = smoothed.next();
            for (int c = 0; c < block.channelCount(); c++) {
                block.channel(c)[i] *= g;
            }
        }
    }

    @Override
    public void reset() {
        smoothed.setCurrentAndTarget((float) factor.get());
    }

    @Override
    public void close() {
    }
}
