package dev.convstream.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResourceSlotTest {

    /** A resource whose contents reveal tearing: every value equals its version. */
    private static final class Table {
        final int version;
        final float[] values;
        final AtomicInteger releases = new AtomicInteger();

        Table(int version) {
            this.version = version;
            this.values = new float[256];
            java.util.Arrays.fill(values, version);
        }
    }

    @Test
    void audioThreadSeesEveryPublishedResourceWholeAtBlockBoundariesWhileAnotherThreadSwaps()
            throws Exception {
        List<Table> all = Collections.synchronizedList(new ArrayList<>());
        Table initial = new Table(0);
        all.add(initial);
        ResourceSlot<Table> slot = new ResourceSlot<>(initial, t -> t.releases.incrementAndGet());
        int swaps = 300;
        AtomicBoolean publisherDone = new AtomicBoolean();
        AtomicReference<String> violation = new AtomicReference<>();
        int[] blocksRun = new int[1];
        int[] lastVersion = new int[1];

        Thread audio = new Thread(() -> {
            float[] out = new float[64];
            int previous = 0;
            int tailBlocks = 0;
            // Run until the publisher is done and a few more blocks have picked up the last swap.
            while (tailBlocks < 50) {
                if (publisherDone.get()) {
                    tailBlocks++;
                }
                Table t = slot.acquire();
                if (t == null) {
                    violation.compareAndSet(null, "block " + blocksRun[0] + " got no resource");
                    return;
                }
                for (int i = 0; i < out.length; i++) {
                    out[i] = t.values[(i * 3 + blocksRun[0]) % t.values.length];
                }
                for (float v : out) {
                    if (v != t.version) {
                        violation.compareAndSet(null, "torn block: value " + v + " in version " + t.version);
                    }
                }
                if (t.releases.get() != 0) {
                    violation.compareAndSet(null, "version " + t.version + " released while in use");
                }
                if (t.version < previous) {
                    violation.compareAndSet(null, "went back from " + previous + " to " + t.version);
                }
                previous = t.version;
                blocksRun[0]++;
            }
            lastVersion[0] = previous;
        }, "audio");
        audio.start();
        publish(slot, swaps, all);
        publisherDone.set(true);
        audio.join(10_000);
        assertFalse(audio.isAlive(), "audio thread finished");
        assertNull(violation.get(), violation.get());
        assertEquals(swaps, lastVersion[0], "the last published version reached the audio thread");
        assertTrue(blocksRun[0] >= 50, "blocks run: " + blocksRun[0]);

        assertEachReleasedOnceOnClose(slot, all);
    }

    /** Publishes versions 1..{@code count}, each loaded off the audio thread, at about real time. */
    private static void publish(ResourceSlot<Table> slot, int count, List<Table> all) throws InterruptedException {
        for (int v = 1; v <= count; v++) {
            Table t = new Table(v);
            all.add(t);
            slot.publish(t);
            if (v % 10 == 0) {
                Thread.sleep(1);
            }
        }
    }

    private static void assertEachReleasedOnceOnClose(ResourceSlot<Table> slot, List<Table> all) {
        slot.close();
        for (Table t : all) {
            assertEquals(1, t.releases.get(), "version " + t.version + " released exactly once");
        }
    }

    @Test
    void supersededPendingResourceIsReleasedByThePublisher() {
        List<String> released = new ArrayList<>();
        ResourceSlot<String> slot = new ResourceSlot<>("a", released::add);
        slot.publish("b");
        slot.publish("c"); // "b" never reached the audio thread
        assertEquals(List.of("b"), released);
        assertEquals("c", slot.acquire());
        assertEquals(List.of("b"), released, "the audio thread releases nothing itself");
        slot.releaseRetired();
        assertEquals(List.of("b", "a"), released);
    }

    @Test
    void acquireReturnsTheSameResourceUntilANewOneIsPublished() {
        ResourceSlot<String> slot = new ResourceSlot<>(null, r -> { });
        assertNull(slot.acquire());
        slot.publish("x");
        assertSame("x", slot.acquire());
        assertSame("x", slot.acquire());
        assertFalse(slot.hasPending());
    }

    @Test
    void acquireNowSwapsImmediatelyWhenAudioIsStopped() {
        List<String> released = new ArrayList<>();
        ResourceSlot<String> slot = new ResourceSlot<>("old", released::add);
        slot.publish("new");
        slot.acquireNow();
        assertEquals("new", slot.peek());
        assertEquals(List.of("old"), released);
    }

    @Test
    void aResourceKeptOutgoingStaysUnreleasedUntilRetiredAndANewerOneWaitsForIt() {
        List<String> released = new ArrayList<>();
        ResourceSlot<String> slot = new ResourceSlot<>("a", released::add);
        assertFalse(slot.acquireKeepingOutgoing(), "nothing published");
        slot.publish("b");
        assertTrue(slot.acquireKeepingOutgoing());
        assertEquals("b", slot.peek());
        assertEquals("a", slot.outgoing());
        slot.publish("c"); // releases what is retired: "a" is not, it is still in use
        assertEquals(List.of(), released);
        assertFalse(slot.acquireKeepingOutgoing(), "c waits while a is outgoing");
        assertEquals("b", slot.peek());
        assertTrue(slot.hasPending());
        slot.retireOutgoing();
        assertNull(slot.outgoing());
        assertEquals(List.of(), released, "the audio thread releases nothing itself");
        assertTrue(slot.acquireKeepingOutgoing());
        assertEquals("c", slot.peek());
        assertEquals("b", slot.outgoing());
        slot.releaseRetired();
        assertEquals(List.of("a"), released);
        slot.close();
        assertEquals(List.of("a", "b", "c"), released, "close releases the outgoing one too");
    }

    @Test
    void keepingOutgoingWithNothingPlayingSwapsAtOnce() {
        ResourceSlot<String> slot = new ResourceSlot<>(null, r -> { });
        slot.publish("x");
        assertFalse(slot.acquireKeepingOutgoing(), "nothing to fade from");
        assertEquals("x", slot.peek());
        assertNull(slot.outgoing());
    }

    @Test
    void plainAcquireAndAcquireNowEndAnOutgoingResource() {
        List<String> released = new ArrayList<>();
        ResourceSlot<String> slot = new ResourceSlot<>("a", released::add);
        slot.publish("b");
        slot.acquireKeepingOutgoing();
        assertEquals("b", slot.acquire());
        assertNull(slot.outgoing(), "acquire retires it");
        slot.releaseRetired();
        assertEquals(List.of("a"), released);

        slot.publish("c");
        slot.acquireKeepingOutgoing();
        slot.acquireNow();
        assertNull(slot.outgoing());
        assertEquals(List.of("a", "b"), released, "acquireNow (audio stopped) releases it");
    }

    /**
     * The crossfade protocol under a publisher racing the audio thread: the audio thread keeps
     * each replaced resource outgoing for a few blocks (a fade), reading both, and no resource
     * is released while the audio thread can still read it; every one is released exactly once.
     */
    @Test
    void outgoingResourcesAreNeverReleasedWhileInUseUnderConcurrentPublishing() throws Exception {
        List<Table> all = Collections.synchronizedList(new ArrayList<>());
        Table initial = new Table(0);
        all.add(initial);
        ResourceSlot<Table> slot = new ResourceSlot<>(initial, t -> t.releases.incrementAndGet());
        AtomicBoolean publisherDone = new AtomicBoolean();
        AtomicReference<String> violation = new AtomicReference<>();
        AtomicInteger fades = new AtomicInteger();
        Thread audio = new Thread(() -> {
            int fadeBlocks = -1;
            int tail = 0;
            while (tail < 50) {
                if (publisherDone.get()) {
                    tail++;
                }
                if (fadeBlocks >= 3) {
                    slot.retireOutgoing();
                    fadeBlocks = -1;
                }
                if (fadeBlocks < 0 && slot.acquireKeepingOutgoing()) {
                    fadeBlocks = 0;
                    fades.incrementAndGet();
                }
                for (Table t : new Table[] {slot.peek(), fadeBlocks >= 0 ? slot.outgoing() : null}) {
                    if (t != null && t.releases.get() != 0) {
                        violation.compareAndSet(null, "version " + t.version + " released while in use");
                    }
                }
                if (fadeBlocks >= 0) {
                    fadeBlocks++;
                }
            }
            slot.retireOutgoing();
        }, "audio");
        audio.start();
        publish(slot, 300, all);
        publisherDone.set(true);
        audio.join(10_000);
        assertFalse(audio.isAlive(), "audio thread finished");
        assertNull(violation.get(), violation.get());
        assertTrue(fades.get() > 0, "some swaps faded");
        assertEquals(300, slot.peek().version, "the last published version reached the audio thread");
        assertEachReleasedOnceOnClose(slot, all);
    }
}
