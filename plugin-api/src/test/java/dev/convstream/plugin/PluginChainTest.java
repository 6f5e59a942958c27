package dev.convstream.plugin;

import dev.convstream.plugin.contract.DelayPlugin;
import dev.convstream.plugin.contract.ScalePlugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginChainTest {

    @Test
    void latencyIsTheSumOfThePluginsLatencies() {
        try (PluginChain chain = new PluginChain(List.of(new DelayPlugin(5), new ScalePlugin(),
                new DelayPlugin(11)))) {
            chain.prepare(new ProcessSpec(48_000, 64, 1));
            assertEquals(16, chain.latencySamples());
        }
    }

    @Test
    void pluginsRunInOrderOnTheSameBlock() {
        ScalePlugin half = new ScalePlugin();
        half.parameters().get("factor").set(0.5);
        try (PluginChain chain = new PluginChain(List.of(new DelayPlugin(2), half))) {
            chain.prepare(new ProcessSpec(48_000, 8, 1));
            float[][] x = {{1, 2, 3, 4, 5}};
            chain.process(AudioBlock.wrap(x, 5));
            assertArrayEquals(new float[] {0, 0, 0.5f, 1, 1.5f}, x[0]);
        }
    }

    @Test
    void emptyChainPassesAudioThroughAndZeroesNonFiniteSamples() {
        try (PluginChain chain = new PluginChain(List.of())) {
            chain.prepare(new ProcessSpec(48_000, 8, 1));
            float[][] x = {{1, Float.NaN, -2, Float.POSITIVE_INFINITY}};
            chain.process(AudioBlock.wrap(x, 4));
            assertArrayEquals(new float[] {1, 0, -2, 0}, x[0]);
            assertEquals(0, chain.latencySamples());
        }
    }

    @Test
    void closeClosesEveryPluginEvenWhenOneFails() {
        List<String> closed = new ArrayList<>();
        AudioPlugin failing = new ScalePluginWithClose(() -> {
            closed.add("a");
            throw new IllegalStateException("a failed");
        });
        AudioPlugin ok = new ScalePluginWithClose(() -> closed.add("b"));
        PluginChain chain = new PluginChain(List.of(failing, ok));
        IllegalStateException e = assertThrows(IllegalStateException.class, chain::close);
        assertEquals("a failed", e.getMessage());
        assertEquals(List.of("a", "b"), closed);
    }

    @Test
    void chainStatesListEachPluginInOrder() {
        ScalePlugin s = new ScalePlugin();
        s.parameters().get("factor").set(-1.5);
        try (PluginChain chain = new PluginChain(List.of(new DelayPlugin(1), s))) {
            List<PluginState> states = chain.saveStates();
            assertEquals(List.of("delay", "scale"), states.stream().map(PluginState::pluginId).toList());
            assertEquals(-1.5, states.get(1).parameters().get("factor"));
            assertTrue(chain.parameters().all().isEmpty());
        }
    }

    /** Delegates to a ScalePlugin, with an observable close. */
    private static final class ScalePluginWithClose implements AudioPlugin {
        private final ScalePlugin inner = new ScalePlugin();
        private final Runnable onClose;

        ScalePluginWithClose(Runnable onClose) {
            this.onClose = onClose;
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
            inner.prepare(spec);
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
            onClose.run();
        }
    }
}
