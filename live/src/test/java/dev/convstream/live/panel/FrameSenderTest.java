package dev.convstream.live.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSenderTest {

    /** A channel whose sends complete only when the test says so. */
    private static final class SlowChannel implements FrameSender.AsyncText {
        final List<String> started = new ArrayList<>();
        final List<Runnable> pending = new ArrayList<>();

        @Override
        public void send(String text, Runnable done) {
            started.add(text);
            pending.add(done);
        }

        void completeAll() {
            List<Runnable> now = new ArrayList<>(pending);
            pending.clear();
            now.forEach(Runnable::run);
        }
    }

    @Test
    void aFrameOfferedWhileTheLastIsInFlightIsDroppedNotQueued() {
        SlowChannel channel = new SlowChannel();
        FrameSender sender = new FrameSender(channel);
        assertTrue(sender.offer("a"));
        for (int i = 0; i < 1000; i++) {
            assertFalse(sender.offer("stale " + i));
        }
        assertEquals(List.of("a"), channel.started, "one frame in flight, nothing queued");
        assertEquals(1, sender.sent());
        assertEquals(1000, sender.dropped());

        channel.completeAll();
        assertTrue(sender.offer("b"), "the next frame goes once the previous one is sent");
        assertEquals(List.of("a", "b"), channel.started);
    }

    @Test
    void aChannelThatCompletesAtOnceSendsEveryFrame() {
        List<String> sent = new ArrayList<>();
        FrameSender sender = new FrameSender((text, done) -> {
            sent.add(text);
            done.run();
        });
        for (int i = 0; i < 5; i++) {
            assertTrue(sender.offer("f" + i));
        }
        assertEquals(5, sent.size());
        assertEquals(0, sender.dropped());
    }

    @Test
    void aSendThatThrowsFreesTheSlot() {
        boolean[] fail = {true};
        FrameSender sender = new FrameSender((text, done) -> {
            if (fail[0]) {
                throw new IllegalStateException("closed");
            }
            done.run();
        });
        try {
            sender.offer("a");
        } catch (IllegalStateException expected) {
            // the session closed under it
        }
        fail[0] = false;
        assertTrue(sender.offer("b"));
    }
}
