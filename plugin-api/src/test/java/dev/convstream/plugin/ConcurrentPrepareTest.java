package dev.convstream.plugin;

import dev.convstream.plugin.contract.ScalePlugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentPrepareTest {

    private static final ProcessSpec REALTIME = new ProcessSpec(48_000, 64, 1);

    @Test
    void aRealtimePrepareRunsThePluginsAtTheSameTimeOnTwoThreads() {
        // Each prepare waits (bounded) for the other to have started: one after another, the
        // first would time out and record that it ran alone.
        CountDownLatch both = new CountDownLatch(2);
        Recording a = new Recording(both);
        Recording b = new Recording(both);
        try (PluginChain chain = new PluginChain(List.of(a, b))) {
            chain.prepare(REALTIME);
            assertTrue(a.sawTheOther && b.sawTheOther, "the two prepares did not overlap");
            assertSame(Thread.currentThread(), a.thread, "the first plugin is prepared on the caller's thread");
            assertNotEquals(a.thread, b.thread);
            assertEquals(REALTIME, b.spec);
            // The chain works afterwards: both plugins prepared, routing allocated.
            float[][] x = {{1, 2}};
            chain.process(AudioBlock.wrap(x, 2));
            assertArrayEquals(new float[] {1, 2}, x[0]);
        }
    }

    @Test
    void anOfflinePrepareRunsThePluginsInOrderOnTheCallersThread() {
        CountDownLatch both = new CountDownLatch(2);
        Recording a = new Recording(both, 50);
        Recording b = new Recording(both, 50);
        try (PluginChain chain = new PluginChain(List.of(a, b))) {
            chain.prepare(REALTIME.withMode(ProcessingMode.OFFLINE));
            assertSame(Thread.currentThread(), a.thread);
            assertSame(Thread.currentThread(), b.thread);
            assertTrue(!a.sawTheOther, "the first prepare overlapped the second");
        }
    }

    @Test
    void thePropertyTurnsItOff() {
        String before = System.getProperty(ConcurrentPrepare.PROPERTY);
        System.setProperty(ConcurrentPrepare.PROPERTY, "false");
        try {
            Recording a = new Recording(new CountDownLatch(2), 50);
            Recording b = new Recording(new CountDownLatch(2), 50);
            try (PluginChain chain = new PluginChain(List.of(a, b))) {
                chain.prepare(REALTIME);
                assertSame(Thread.currentThread(), b.thread);
            }
        } finally {
            if (before == null) {
                System.clearProperty(ConcurrentPrepare.PROPERTY);
            } else {
                System.setProperty(ConcurrentPrepare.PROPERTY, before);
            }
        }
    }

    @Test
    void aFailureOnTheHelperThreadReachesTheCallerAsItWasThrown() {
        IllegalArgumentException refused = new IllegalArgumentException("model at another rate");
        try (PluginChain chain = new PluginChain(List.of(new ScalePlugin(), new Failing(refused)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chain.prepare(REALTIME));
            assertSame(refused, e);
        }
    }

    @Test
    void whenSeveralFailTheFirstInChainOrderIsThrownWithTheOthersSuppressed() {
        IllegalArgumentException first = new IllegalArgumentException("first");
        IllegalStateException second = new IllegalStateException("second");
        try (PluginChain chain = new PluginChain(List.of(new Failing(first), new Failing(second)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chain.prepare(REALTIME));
            assertSame(first, e);
            assertArrayEquals(new Throwable[] {second}, e.getSuppressed());
        }
    }

    /** A pass-through plugin that notes where it was prepared, and waits a while for a partner. */
    private static final class Recording implements AudioPlugin {
        private final ScalePlugin inner = new ScalePlugin();
        private final CountDownLatch both;
        private final long waitMillis;
        volatile Thread thread;
        volatile ProcessSpec spec;
        volatile boolean sawTheOther;

        Recording(CountDownLatch both) {
            this(both, 10_000);
        }

        Recording(CountDownLatch both, long waitMillis) {
            this.both = both;
            this.waitMillis = waitMillis;
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
            thread = Thread.currentThread();
            this.spec = spec;
            both.countDown();
            try {
                sawTheOther = both.await(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
        }
    }

    /** A plugin whose prepare throws {@code failure}. */
    private static final class Failing implements AudioPlugin {
        private final ScalePlugin inner = new ScalePlugin();
        private final RuntimeException failure;

        Failing(RuntimeException failure) {
            this.failure = failure;
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
            throw failure;
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
        }
    }
}
