package dev.convstream.live.panel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convstream.live.LiveEngine;
import dev.convstream.live.LoadMeter;
import dev.convstream.live.StreamInfo;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The panel's own thread: every {@link #PERIOD_MILLIS} it reads the engine's meters and taps
 * (atomics the audio thread publishes; nothing here waits for it), computes the new
 * spectrogram columns and offers one frame to every connected page through its
 * {@link FrameSender} (dropped for a page still receiving the previous one).
 */
final class StatusFeed implements AutoCloseable {

    /** Time between frames: 20 per second. */
    static final long PERIOD_MILLIS = 50;
    /** Frames over which load quantiles are taken: one second. */
    private static final int LOAD_WINDOW_TICKS = 20;
    /** Shown for silence instead of minus infinity (JSON has no infinities). */
    private static final double FLOOR_DB = -120;
    /** Shown for a load quantile in the meter's overflow bin (over 200%). */
    private static final double LOAD_OVERFLOW = 2.005;

    /** One update, as the page reads it. */
    record Frame(String type, double inDb, double outDb, long inClipped, long outClipped, double loadP50,
                 double loadP99, double slowestMillis, long xruns, long callbacks, double latencyMillis,
                 double chainLatencyMillis, double blockMillis, double sampleRate, String backend, long revision,
                 double[][] values, boolean[] bypassed, int mels, byte[] spectrumIn, byte[] spectrumOut) {
    }

    private final LiveEngine engine;
    private final StreamInfo info;
    private final ChainControl control;
    private final double chainLatencyMillis;
    private final LoadWindow load;
    private final SpectrogramFeed spectrumIn;
    private final SpectrogramFeed spectrumOut;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<FrameSender> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "convstream-panel-feed");
        t.setDaemon(true);
        return t;
    });

    StatusFeed(LiveEngine engine, StreamInfo info, ChainControl control) {
        this.engine = engine;
        this.info = info;
        this.control = control;
        this.chainLatencyMillis = engine.chain().latencySamples() * 1000.0 / info.sampleRate();
        this.load = new LoadWindow(engine.load(), LOAD_WINDOW_TICKS);
        this.spectrumIn = new SpectrogramFeed(engine.inputTap(), info.sampleRate());
        this.spectrumOut = new SpectrogramFeed(engine.outputTap(), info.sampleRate());
    }

    /** Starts the ticks. */
    void start() {
        // Fixed delay, not rate: a late tick never makes the next ones bunch up.
        ticker.scheduleWithFixedDelay(this::tick, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts sending frames to {@code client}. */
    void add(FrameSender client) {
        clients.add(client);
    }

    /** Stops sending frames to {@code client}. */
    void remove(FrameSender client) {
        clients.remove(client);
    }

    /** The next frame: meters now, load over the last second, spectrogram columns since the last frame. */
    Frame next() {
        LoadMeter.Snapshot window = load.advance();
        return new Frame("status", db(engine.inputPeak().levelDb()), db(engine.outputPeak().levelDb()),
                engine.inputPeak().clippedSamples(), engine.outputPeak().clippedSamples(),
                Math.min(LOAD_OVERFLOW, window.quantile(0.5)), Math.min(LOAD_OVERFLOW, window.quantile(0.99)),
                window.maxNanos() / 1e6, engine.xruns(), engine.callbacks(), info.latencyMillis(),
                chainLatencyMillis, info.blockSize() * 1000.0 / info.sampleRate(), info.sampleRate(),
                info.backend(), control.revision(), control.values(), control.bypassed(), SpectrogramFeed.MELS,
                spectrumIn.poll(), spectrumOut.poll());
    }

    private void tick() {
        try {
            if (clients.isEmpty()) {
                return;
            }
            String frame = json.writeValueAsString(next());
            for (FrameSender c : clients) {
                c.offer(frame);
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // One bad tick must not end the feed (a scheduled task that throws is never run again).
            System.err.println("control panel: update failed: " + e);
        }
    }

    private static double db(double value) {
        return Math.max(FLOOR_DB, value);
    }

    /** Stops the ticks. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
