package dev.convstream.plugin;

import dev.convstream.plugin.contract.DelayPlugin;
import dev.convstream.plugin.contract.DownmixPlugin;
import dev.convstream.plugin.contract.PanPlugin;
import dev.convstream.plugin.contract.ScalePlugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginChainTest {

    /** Takes {@code millis} in every prepare, as a plugin that warms up its kernels there does. */
    private static final class SlowPrepare extends AbstractAudioPlugin {
        private final long millis;

        SlowPrepare(long millis) {
            super(PluginDescriptor.of("slow", "Slow prepare", "1"));
            this.millis = millis;
        }

        @Override
        public void prepare(ProcessSpec spec) {
            long end = System.nanoTime() + millis * 1_000_000;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }

        @Override
        public void process(AudioBlock block) {
        }

        @Override
        public void reset() {
        }
    }

    @Test
    void eachPluginsPrepareIsTimedForTheHostsStartReport() {
        try (PluginChain chain = new PluginChain(List.of(new ScalePlugin(), new SlowPrepare(60), new ScalePlugin()))) {
            assertEquals(0, chain.prepareNanos(1), "before the first prepare");
            chain.prepare(new ProcessSpec(48_000, 64, 1));
            assertTrue(chain.prepareNanos(1) >= 60_000_000L, "the slow plugin: " + chain.prepareNanos(1));
            assertTrue(chain.prepareNanos(0) < chain.prepareNanos(1) && chain.prepareNanos(2) < chain.prepareNanos(1),
                    chain.prepareNanos(0) + " / " + chain.prepareNanos(2));
            assertTrue(chain.prepareNanos(0) > 0 && chain.prepareNanos(2) > 0);
        }
    }

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
    void everyPluginIsPreparedInTheChainsModeWithItsOwnChannels() {
        DelayPlugin first = new DelayPlugin(1);
        DelayPlugin last = new DelayPlugin(2);
        try (PluginChain chain = new PluginChain(List.of(first, new PanPlugin(), last))) {
            chain.prepare(chain.channelPlan(1).spec(44_100, 32, ProcessingMode.OFFLINE));
            assertEquals(new ProcessSpec(44_100, 32, 1, 1, ProcessingMode.OFFLINE), first.lastSpec());
            assertEquals(new ProcessSpec(44_100, 32, 2, 2, ProcessingMode.OFFLINE), last.lastSpec());
            chain.prepare(chain.channelPlan(1).spec(44_100, 32));
            assertEquals(ProcessingMode.REALTIME, last.lastSpec().mode());
        }
    }

    @Test
    void planFollowsTheChannelCountsThroughTheChain() {
        try (PluginChain chain = new PluginChain(List.of(new ScalePlugin(), new PanPlugin(), new DelayPlugin(3)))) {
            ChannelPlan plan = chain.channelPlan(1);
            assertEquals(2, plan.outputChannels());
            assertEquals(List.of(new ChannelPlan.Stage(0, "scale", 1, 1), new ChannelPlan.Stage(1, "pan", 1, 2),
                    new ChannelPlan.Stage(2, "delay", 2, 2)), plan.stages());
            assertEquals("1 -> scale -> 1 -> pan -> 2 -> delay -> 2", plan.describe());
            assertEquals(new ProcessSpec(44_100, 64, 1, 2), plan.spec(44_100, 64));
            assertEquals(plan, ChannelPlan.of((AudioPlugin) chain, 1), "a chain plans as its plugins");
            assertEquals(List.of(new ChannelPlan.Stage(0, "pan", 1, 2)),
                    ChannelPlan.of(new PanPlugin(), 1).stages(), "a single plugin is one stage");
        }
    }

    @Test
    void aPluginThatCannotTakeItsChannelsIsNamedBeforeAnyAudio() {
        try (PluginChain chain = new PluginChain(List.of(new PanPlugin(), new ScalePlugin(), new PanPlugin()))) {
            IllegalArgumentException planned = assertThrows(IllegalArgumentException.class, () -> chain.channelPlan(1));
            assertEquals("plugin 3 of the chain, 'pan', cannot take 2 channel(s) (the 2 that plugin 2 'scale'"
                    + " gives): it maps 1 -> 2", planned.getMessage());
            IllegalArgumentException prepared = assertThrows(IllegalArgumentException.class,
                    () -> chain.prepare(new ProcessSpec(48_000, 64, 1, 2)));
            assertEquals(planned.getMessage(), prepared.getMessage());
            IllegalArgumentException first = assertThrows(IllegalArgumentException.class, () -> chain.channelPlan(2));
            assertTrue(first.getMessage().startsWith("plugin 1 of the chain, 'pan', cannot take 2 channel(s) (the input's)"),
                    first.getMessage());
        }
    }

    @Test
    void prepareRefusesAnOutputCountTheChainDoesNotGive() {
        try (PluginChain chain = new PluginChain(List.of(new PanPlugin()))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> chain.prepare(new ProcessSpec(48_000, 64, 1)));
            assertTrue(e.getMessage().contains("gives 2 channel(s) from 1 (1 -> pan -> 2), not 1"), e.getMessage());
        }
    }

    @Test
    void chainMappingIsItsPluginsOneAfterAnother() {
        try (PluginChain perChannel = new PluginChain(List.of(new ScalePlugin(), new DelayPlugin(1)));
             PluginChain widening = new PluginChain(List.of(new ScalePlugin(), new PanPlugin()));
             PluginChain empty = new PluginChain(List.of())) {
            assertTrue(perChannel.channelMapping().isPerChannel());
            assertTrue(empty.channelMapping().isPerChannel());
            assertEquals(ChannelMapping.of(1, 2), widening.channelMapping());
        }
    }

    @Test
    void monoToStereoWritesTheBlocksSecondChannel() {
        PanPlugin pan = new PanPlugin();
        pan.parameters().get("pan").set(0.5);
        try (PluginChain chain = new PluginChain(List.of(pan, new DelayPlugin(1)))) {
            chain.prepare(chain.channelPlan(1).spec(48_000, 8));
            float[][] x = {{9, 1, 2, 3, 9}, {7, 7, 7, 7, 7}};
            chain.process(new AudioBlock().set(x, 1, 3));
            float l = PanPlugin.left(0.5);
            float r = PanPlugin.right(0.5);
            assertArrayEquals(new float[] {9, 0, l * 1, l * 2, 9}, x[0]);
            assertArrayEquals(new float[] {7, 0, r * 1, r * 2, 7}, x[1]);
        }
    }

    /** Mono in and out, stereo between: the chain's own buffers carry the middle, at the host block's offset. */
    @Test
    void aChainWiderInsideThanAtItsEndsRunsThroughItsOwnBuffers() {
        PanPlugin pan = new PanPlugin();
        pan.parameters().get("pan").set(-0.3);
        ScalePlugin half = new ScalePlugin();
        half.parameters().get("factor").set(0.5);
        try (PluginChain chain = new PluginChain(List.of(pan, half, new DownmixPlugin()))) {
            ChannelPlan plan = chain.channelPlan(1);
            assertEquals(1, plan.outputChannels());
            assertEquals(2, plan.widest());
            chain.prepare(plan.spec(48_000, 4));
            float[][] x = {{5, 1, -2, 3, 5}};
            chain.process(new AudioBlock().set(x, 1, 3));
            float l = PanPlugin.left(-0.3);
            float r = PanPlugin.right(-0.3);
            float[] expected = {5, 0, 0, 0, 5};
            for (int i = 1; i <= 3; i++) {
                expected[i] = 0.5f * (l * x0(i) * 0.5f + r * x0(i) * 0.5f);
            }
            assertArrayEquals(expected, x[0]);
        }
    }

    private static float x0(int i) {
        return new float[] {5, 1, -2, 3, 5}[i];
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
