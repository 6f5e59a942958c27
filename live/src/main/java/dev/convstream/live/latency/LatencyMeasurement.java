package dev.convstream.live.latency;

import dev.convstream.live.AudioBackend;
import dev.convstream.live.LiveEngine;
import dev.convstream.live.LiveSession;
import dev.convstream.live.StreamInfo;
import dev.convstream.live.StreamRequest;

/**
 * {@code convstream live --measure-latency}: runs a {@link LatencyProbe} on a backend, output
 * looped back to input (a cable, or a virtual loopback), and finds the probe in the recording
 * ({@link DelayFinder}): the round trip from the engine's output to its input, every buffer on
 * the way included (ours, the driver's, the sound server's, the converters').
 */
public final class LatencyMeasurement {

    /** A prominence below this means no clear echo: the output does not reach the input. */
    public static final double MIN_PROMINENCE = 20;

    private final double maxLatencySeconds;

    /** Measures round trips of up to {@code maxLatencySeconds}. */
    public LatencyMeasurement(double maxLatencySeconds) {
        this.maxLatencySeconds = maxLatencySeconds;
    }

    /**
     * The measured round trip, and what the backend itself reported for the same stream.
     *
     * @param frames     round trip in frames
     * @param stream     the stream measured on, its {@link StreamInfo#latencyFrames()} the backend's own estimate
     * @param prominence how clearly the echo stood out (see {@link DelayFinder.Delay#prominence()})
     * @param gain       level of the echo relative to the probe
     */
    public record Result(long frames, StreamInfo stream, double prominence, double gain) {
        public double millis() {
            return frames * 1000.0 / stream.sampleRate();
        }
    }

    /** No echo was found: the message says what was heard. */
    public static final class NoEchoException extends Exception {
        public NoEchoException(String message) {
            super(message);
        }
    }

    /**
     * Starts {@code backend} with {@code request}, plays the probe, stops, analyses. [main-thread]
     *
     * @throws AudioBackend.BackendException when the stream cannot start
     * @throws NoEchoException               when the recording holds no clear echo of the probe
     * @throws InterruptedException          when interrupted while the probe plays
     */
    public Result measure(AudioBackend backend, StreamRequest request)
            throws AudioBackend.BackendException, NoEchoException, InterruptedException {
        LatencyProbe probe = new LatencyProbe(maxLatencySeconds);
        LiveEngine engine = new LiveEngine(probe);
        StreamInfo info;
        try (LiveSession session = backend.start(request, engine)) {
            info = session.info();
            long deadline = System.nanoTime() + (long) ((ProbeSignal.TOTAL_SECONDS + maxLatencySeconds + 5) * 1e9);
            while (!probe.done() && session.isRunning() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (session.failure() != null) {
                throw new AudioBackend.BackendException("the audio stream failed while the probe played: "
                        + session.failure(), session.failure());
            }
            if (!probe.done()) {
                throw new AudioBackend.BackendException("the stream stopped before the probe had played ("
                        + engine.callbacks() + " periods)");
            }
            info = session.info();
        }
        float[] played = probe.played();
        DelayFinder.Delay d = DelayFinder.find(played, probe.recording(),
                (int) Math.ceil(maxLatencySeconds * info.sampleRate()));
        if (d.prominence() < MIN_PROMINENCE) {
            throw new NoEchoException(String.format(java.util.Locale.ROOT,
                    "no echo of the probe in the input (best match %d frames, prominence %.1f, below %.0f): "
                            + "connect the output to the input (a cable, or a loopback in the sound server)",
                    d.frames(), d.prominence(), MIN_PROMINENCE));
        }
        return new Result(d.frames(), info, d.prominence(), d.peak());
    }
}
