package dev.convstream.live;

import java.util.List;

/**
 * A way to reach audio devices (Java Sound, JACK): lists its devices and runs a
 * {@link LiveEngine} on a stream. Implementations are stateless between streams.
 */
public interface AudioBackend {

    /** The name users type: {@code javasound}, {@code jack}. */
    String id();

    /**
     * Whether this backend can run a stream now (a JACK server answers; Java Sound has a capture
     * and a playback line). Quick, opens nothing that stays open. [main-thread]
     */
    boolean isAvailable();

    /** The devices (or ports) a stream can use, for {@code convstream devices}. [main-thread] */
    List<AudioDevice> devices();

    /**
     * Negotiates the stream (rate, period, channels, format) for {@code request}, prepares
     * {@code engine} for it before any audio flows (so warm-up never piles up as stale input),
     * then starts the stream, calling {@link LiveEngine#process} once per period.
     * [main-thread]
     *
     * @throws BackendException naming the device or setting that cannot be had; nothing is left open
     */
    LiveSession start(StreamRequest request, LiveEngine engine) throws BackendException;

    /** A device or server could not be opened as asked; the message says which and why. */
    final class BackendException extends Exception {
        public BackendException(String message) {
            super(message);
        }

        public BackendException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
