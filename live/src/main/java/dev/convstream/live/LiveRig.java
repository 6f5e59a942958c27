package dev.convstream.live;

import dev.convstream.host.ChainBuilder;
import dev.convstream.host.HostCommands;
import dev.convstream.host.ResourceException;
import dev.convstream.live.latency.LatencyMeasurement;
import dev.convstream.live.panel.ControlPanel;
import dev.convstream.live.panel.PanelSettings;
import java.io.IOException;
import dev.convstream.plugin.PluginChain;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The live commands as plain methods returning exit codes ({@link HostCommands#OK},
 * {@link HostCommands#FAILED}, {@link HostCommands#USAGE}, {@link HostCommands#NO_DEVICE}), for
 * the CLI: {@code live} (a chain on a backend, with a status line), {@code live --measure-latency}
 * and {@code devices}. Results go to {@code out}, the status line and problems to {@code err}.
 */
public final class LiveRig {

    /** The longest round trip {@code --measure-latency} looks for. */
    public static final double MAX_MEASURED_LATENCY_SECONDS = 2;

    private final ChainBuilder chains;
    private final AudioBackends backends;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    /**
     * @param terminal whether {@code err} is an interactive terminal (the status line is then
     *                 rewritten in place)
     */
    public LiveRig(ChainBuilder chains, AudioBackends backends, PrintStream out, PrintStream err, boolean terminal) {
        this.chains = chains;
        this.backends = backends;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * {@code live --chain ...}: runs until {@code seconds} have passed, or, when
     * {@code seconds <= 0}, until {@code stop} counts down (Ctrl-C). {@code backendId} null:
     * the first available backend. {@code panel} non-null: the browser control panel
     * ({@code --ui}) serves the running chain until the stream stops.
     */
    public int live(String chainDescription, String backendId, StreamRequest request, PanelSettings panel,
                    double seconds, CountDownLatch stop) {
        return live(chainDescription, backendId, request, panel, seconds, stop, false);
    }

    /**
     * As {@link #live(String, String, StreamRequest, PanelSettings, double, CountDownLatch)};
     * {@code verbose}: one more line on {@code err} once the stream is live, with the JVM's age
     * when the chain had loaded (models and impulse responses), how long after that the stream
     * went live, and the backend's {@link LiveSession#startReport()}.
     */
    public int live(String chainDescription, String backendId, StreamRequest request, PanelSettings panel,
                    double seconds, CountDownLatch stop, boolean verbose) {
        AudioBackend backend;
        try {
            backend = backends.choose(backendId);
        } catch (IllegalArgumentException e) {
            return fail(e, HostCommands.USAGE);
        }
        // The devices start while the models load (AudioBackend#open); a device that cannot be
        // had is reported after the chain, so a wrong chain is still a usage error first.
        AudioBackend.Opening opening = null;
        AudioBackend.BackendException noDevice = null;
        try {
            opening = backend.open(request);
        } catch (AudioBackend.BackendException e) {
            noDevice = e;
        }
        PluginChain chain;
        try {
            chain = chains.build(chainDescription);
        } catch (ResourceException e) {
            closeQuietly(opening);
            return fail(e, HostCommands.FAILED);
        } catch (IllegalArgumentException e) {
            closeQuietly(opening);
            return fail(e, HostCommands.USAGE);
        } catch (RuntimeException | Error e) {
            closeQuietly(opening);
            throw e;
        }
        long loaded = System.nanoTime();
        double uptimeAtLoad = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        try (chain) {
            if (noDevice != null) {
                return fail(noDevice, HostCommands.NO_DEVICE);
            }
            LiveEngine engine;
            LiveSession session;
            try (AudioBackend.Opening devices = opening) {
                engine = new LiveEngine(chain);
                session = devices.start(engine);
            } catch (AudioBackend.BackendException e) {
                return fail(e, HostCommands.NO_DEVICE);
            } catch (IllegalArgumentException e) {
                // The chain refused the stream the device gave (a model at another rate, say).
                return fail(new ResourceException("cannot run the chain on this stream: " + e.getMessage(), e),
                        HostCommands.FAILED);
            }
            try (session; ControlPanel ui = panel == null ? null : ControlPanel.start(session, chains, panel, out)) {
                StreamInfo info = session.info();
                out.printf(Locale.ROOT, "live: %s, %s -> %d plugin(s) -> %s, %.0f Hz, %s, %d in / %d out, "
                                + "block %d (%.1f ms), latency %.1f ms%n",
                        info.backend(), info.inputDevice(), chain.size(), info.outputDevice(), info.sampleRate(),
                        info.format(), info.inputChannels(), info.outputChannels(), info.blockSize(),
                        1000.0 * info.blockSize() / info.sampleRate(), info.latencyMillis());
                if (verbose) {
                    String report = session.startReport();
                    err.printf(Locale.ROOT, "start: chain loaded %.3f s after the JVM started, live %.3f s later%s%n",
                            uptimeAtLoad, (System.nanoTime() - loaded) / 1e9,
                            report.isEmpty() ? "" : " (" + report + ")");
                }
                try (StatusPrinter status = new StatusPrinter(new StatusLine(session), err, terminal)) {
                    waitFor(session, seconds, stop);
                }
            } catch (IOException | IllegalStateException e) {
                // The panel could not start (port in use, upload folder not writable): the stream stops with it.
                return fail(e, HostCommands.FAILED);
            }
            out.printf(Locale.ROOT, "live: stopped after %d blocks, %d xrun(s)%n", engine.callbacks(), engine.xruns());
            if (session.failure() != null) {
                err.println("error: audio thread failed: " + session.failure());
                return HostCommands.FAILED;
            }
            return HostCommands.OK;
        }
    }

    /**
     * {@code live --measure-latency}: plays a probe through the output and finds it in the
     * input; prints the round trip in milliseconds and frames, and what the backend's own
     * buffers account for.
     */
    public int measureLatency(String backendId, StreamRequest request) {
        AudioBackend backend;
        try {
            backend = backends.choose(backendId);
        } catch (IllegalArgumentException e) {
            return fail(e, HostCommands.USAGE);
        }
        try {
            LatencyMeasurement.Result r = new LatencyMeasurement(MAX_MEASURED_LATENCY_SECONDS).measure(backend, request);
            StreamInfo s = r.stream();
            out.printf(Locale.ROOT, "round-trip latency: %.1f ms (%d frames at %.0f Hz, block %d, %s); "
                            + "convstream's own buffers: %.1f ms (%d frames), the rest is the driver and sound server; "
                            + "echo at %.1f dB, prominence %.0f%n",
                    r.millis(), r.frames(), s.sampleRate(), s.blockSize(), s.backend(), s.latencyMillis(),
                    s.latencyFrames(), 20 * Math.log10(Math.max(1e-9, Math.abs(r.gain()))), r.prominence());
            return HostCommands.OK;
        } catch (AudioBackend.BackendException e) {
            return fail(e, HostCommands.NO_DEVICE);
        } catch (LatencyMeasurement.NoEchoException | LatencyMeasurement.NoCleanRunException e) {
            return fail(e, HostCommands.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(e, HostCommands.FAILED);
        }
    }

    private static void closeQuietly(AudioBackend.Opening opening) {
        if (opening != null) {
            opening.close();
        }
    }

    /** {@code devices}: every backend's devices (or why it has none). */
    public int devices() {
        for (AudioBackend b : backends.all()) {
            List<AudioDevice> list = b.devices();
            out.printf("%s%s%n", b.id(), b.isAvailable() ? "" : " (not available)");
            if (list.isEmpty()) {
                out.println("    no devices");
            }
            for (AudioDevice d : list) {
                out.printf(Locale.ROOT, "    %-40s in %-3d out %-3d %s%n", d.name(), d.inputChannels(),
                        d.outputChannels(), d.description());
            }
        }
        return HostCommands.OK;
    }

    private static void waitFor(LiveSession session, double seconds, CountDownLatch stop) {
        long start = System.nanoTime();
        long length = seconds > 0 ? (long) (seconds * 1e9) : Long.MAX_VALUE;
        try {
            while (session.isRunning() && System.nanoTime() - start < length && stop.getCount() > 0) {
                long left = (length - (System.nanoTime() - start)) / 1_000_000;
                stop.await(Math.max(1, Math.min(100, left)), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int fail(Exception e, int code) {
        err.println("error: " + e.getMessage());
        return code;
    }
}
