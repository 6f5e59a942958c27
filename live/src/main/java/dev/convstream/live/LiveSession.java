package dev.convstream.live;

/** A running stream; {@link #close()} stops it and closes the devices (the chain stays the caller's). */
public interface LiveSession extends AutoCloseable {

    /** What was negotiated. [thread-safe] */
    StreamInfo info();

    /** The engine this stream drives. [thread-safe] */
    LiveEngine engine();

    /** Whether audio is still flowing. [thread-safe] */
    boolean isRunning();

    /** The error that stopped the stream, if any. [thread-safe] */
    Throwable failure();

    /**
     * How the start went, for {@code live --verbose}: what took how long between the chain's
     * load and the first block (empty when the backend does not say). [main-thread, after start]
     */
    default String startReport() {
        return "";
    }

    /** Stops audio, closes the devices, waits for the audio thread. Idempotent. [main-thread] */
    @Override
    void close();
}
