package dev.convstream.live.panel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends update frames to one client without ever queueing them: a frame offered while the
 * previous one is still being sent is dropped (the next one carries newer figures anyway). A
 * slow or stalled browser therefore costs one frame in flight, never a growing queue.
 */
final class FrameSender {

    /** An asynchronous text channel (a WebSocket session). */
    interface AsyncText {
        /**
         * Starts sending {@code text}; calls {@code done} once it is sent or failed, from any
         * thread, possibly before returning.
         */
        void send(String text, Runnable done);
    }

    private final AsyncText channel;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    FrameSender(AsyncText channel) {
        this.channel = channel;
    }

    /** Sends {@code frame} unless the previous frame is still in flight; returns whether it went. */
    boolean offer(String frame) {
        if (!inFlight.compareAndSet(false, true)) {
            dropped.incrementAndGet();
            return false;
        }
        sent.incrementAndGet();
        try {
            channel.send(frame, () -> inFlight.set(false));
        } catch (RuntimeException e) {
            inFlight.set(false);
            throw e;
        }
        return true;
    }

    /** Frames handed to the channel. */
    long sent() {
        return sent.get();
    }

    /** Frames dropped because the previous one was still in flight. */
    long dropped() {
        return dropped.get();
    }
}
