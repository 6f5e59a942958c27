package dev.convstream.live.latency;

import dev.convstream.live.AudioBackend;
import dev.convstream.live.LiveEngine;
import dev.convstream.live.LiveSession;
import dev.convstream.live.StreamInfo;
import dev.convstream.live.StreamRequest;
import dev.convstream.plugin.AudioPlugin;
import java.util.function.UnaryOperator;

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
    private final UnaryOperator<AudioPlugin> aroundProbe;

    /** Measures round trips of up to {@code maxLatencySeconds}. */
    public LatencyMeasurement(double maxLatencySeconds) {
        this(maxLatencySeconds, UnaryOperator.identity());
    }

    /**
     * Measures with the engine running {@code aroundProbe.apply(probe)} instead of the probe alone:
     * the seam for a test that puts a known delay around the probe, so that the round trip grows
     * by exactly that delay whatever the sound server does ({@code LatencyMeasurementLiveTest}
     * delays what the probe records: a delay before it). The plugin returned must run the probe
     * on the stream's blocks and pass its output on; the measurement prepares it and does not
     * close it.
     */
    LatencyMeasurement(double maxLatencySeconds, UnaryOperator<AudioPlugin> aroundProbe) {
        this.maxLatencySeconds = maxLatencySeconds;
        this.aroundProbe = aroundProbe;
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
     * Plays the probe until one run of it is clean, at most {@link #ATTEMPTS} times, and finds
     * it in the recording. A run with an xrun (an underrun, or capture the stream had to drop)
     * once the first sweep has started is measured again: the recording is no longer in step
     * with what was played, so its correlation would find nothing, or a wrong delay. An xrun
     * before it (a stream settling in its first periods) only moves the round trip to what it
     * then stays, which is what is measured. [main-thread]
     *
     * @throws AudioBackend.BackendException when the stream cannot start
     * @throws NoCleanRunException           when every run had xruns
     * @throws NoEchoException               when a clean recording holds no clear echo of the probe
     * @throws InterruptedException          when interrupted while the probe plays
     */
    public Result measure(AudioBackend backend, StreamRequest request)
            throws AudioBackend.BackendException, NoCleanRunException, NoEchoException, InterruptedException {
        long[] xruns = new long[ATTEMPTS];
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Run run = play(backend, request);
            xruns[attempt] = run.xruns();
            if (run.clean()) {
                return find(run);
            }
        }
        throw new NoCleanRunException(String.format(java.util.Locale.ROOT,
                "the stream did not keep time while the probe played (xruns in each of %d runs: %s, "
                        + "some after the first sweep had started): "
                        + "close other programs, or give the stream more headroom (--latency MS)",
                ATTEMPTS, java.util.Arrays.toString(xruns)));
    }

    /** Every run of the probe had xruns: the machine or the headroom could not keep the stream in time. */
    public static final class NoCleanRunException extends Exception {
        public NoCleanRunException(String message) {
            super(message);
        }
    }

    /** How many times {@link #measure} plays the probe before it gives up on xruns. */
    public static final int ATTEMPTS = 3;

    /**
     * One run of the probe: what was played and recorded, on which stream, with how many xruns
     * and how many callbacks had run at the latest (-1: none).
     */
    private record Run(LatencyProbe probe, StreamInfo info, long xruns, long lastXrunCallback) {
        /** No xrun from the period before the first sweep on. */
        boolean clean() {
            long firstSweep = (long) (ProbeSignal.STARTS[0] * info.sampleRate());
            return xruns == 0 || (lastXrunCallback + 2) * info.blockSize() <= firstSweep;
        }
    }

    private Run play(AudioBackend backend, StreamRequest request)
            throws AudioBackend.BackendException, InterruptedException {
        LatencyProbe probe = new LatencyProbe(maxLatencySeconds);
        LiveEngine engine = new LiveEngine(aroundProbe.apply(probe));
        StreamInfo info;
        try (LiveSession session = backend.start(request, engine)) {
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
        return new Run(probe, info, engine.xruns(), engine.lastXrunCallback());
    }

    private Result find(Run run) throws NoEchoException {
        float[] played = run.probe().played();
        DelayFinder.Delay d = DelayFinder.find(played, run.probe().recording(),
                (int) Math.ceil(maxLatencySeconds * run.info().sampleRate()));
        if (d.prominence() < MIN_PROMINENCE) {
            throw new NoEchoException(String.format(java.util.Locale.ROOT,
                    "no echo of the probe in the input (best match %d frames, prominence %.1f, below %.0f): "
                            + "connect the output to the input (a cable, or a loopback in the sound server)",
                    d.frames(), d.prominence(), MIN_PROMINENCE));
        }
        return new Result(d.frames(), run.info(), d.prominence(), d.peak());
    }
}
