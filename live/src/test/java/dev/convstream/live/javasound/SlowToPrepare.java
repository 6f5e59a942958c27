package dev.convstream.live.javasound;

import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.ParameterSet;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;

/**
 * A plugin whose prepare takes {@code millis} before preparing the wrapped one (a model's JIT
 * warm-up, stood in for), then runs {@code prepared}.
 */
final class SlowToPrepare implements AudioPlugin {
    private final AudioPlugin inner;
    private final long millis;
    private final Runnable prepared;

    SlowToPrepare(AudioPlugin inner, long millis, Runnable prepared) {
        this.inner = inner;
        this.millis = millis;
        this.prepared = prepared;
    }

    @Override
    public PluginDescriptor descriptor() {
        return inner.descriptor();
    }

    @Override
    public ParameterSet parameters() {
        return inner.parameters();
    }

    @Override
    public void prepare(ProcessSpec spec) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inner.prepare(spec);
        prepared.run();
    }

    @Override
    public void process(AudioBlock block) {
        inner.process(block);
    }

    @Override
    public void reset() {
        inner.reset();
    }

    @Override
    public void close() {
        inner.close();
    }
}
