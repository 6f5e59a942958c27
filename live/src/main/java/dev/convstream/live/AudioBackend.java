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

    /**
     * The half of {@link #start} that needs no chain, begun before the chain exists: a host calls
     * this, then loads its models and impulse responses, then {@link Opening#start}. Why: on Java
     * Sound, negotiating the format, opening the capture line and getting the devices ready
     * take 0.1 to 1 s of mostly waiting on the sound server, which then overlaps the loading
     * instead of following it. The default begins nothing and starts everything at
     * {@link Opening#start}, as {@link #start} does. [main-thread]
     *
     * @throws BackendException as {@link #start} would for the devices; nothing is left open
     */
    default Opening open(StreamRequest request) throws BackendException {
        return engine -> start(request, engine);
    }

    /**
     * A stream whose devices are being started without a chain. Exactly one of {@link #start}
     * (which then owns everything opened) or {@link #close} (everything opened is closed); closing
     * after a successful start does nothing, so try-with-resources fits. [main-thread]
     */
    interface Opening extends AutoCloseable {

        /**
         * As {@link AudioBackend#start}, for the request this was opened with: prepares and warms
         * {@code engine} for the negotiated stream, then hands it to the devices.
         *
         * @throws BackendException as {@link AudioBackend#start}; nothing is left open then
         */
        LiveSession start(LiveEngine engine) throws BackendException;

        /** Closes what was opened, unless {@link #start} took it over. Idempotent. */
        @Override
        default void close() {
        }
    }

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
