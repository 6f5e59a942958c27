package dev.convstream.live;

import dev.convstream.plugin.InternedLiterals;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackPort;

/**
 * A running JACK stream: the client, its process callback, and what happens when the server
 * changes under it.
 *
 * <p>What happens when the server changes while the stream runs:
 * <ul>
 *   <li>a smaller period (JACK2's {@code jack_bufsize}, PipeWire lowering its quantum): nothing
 *       to do, the chain takes any block up to the prepared size;</li>
 *   <li>a larger period: the stream stops with a message saying so (restart it). Why not
 *       re-prepare: JNAJack keeps the port buffer views it made for the old period as long as
 *       JACK hands the same buffer address, which JACK2 does, so the larger periods cannot be
 *       read or written whole;</li>
 *   <li>another sample rate (PipeWire switching its graph rate): the chain is prepared again
 *       for it off the audio thread, on this session's own thread, never in JACK's notification
 *       callback (JACK waits for that callback; a prepare with its JIT warm-up takes seconds).
 *       The callback plays silence meanwhile. A prepare that fails (a model that cannot run at
 *       the new rate) stops the stream;</li>
 *   <li>the server shutting down stops the stream.</li>
 * </ul>
 * A stopped stream plays silence until closed, and {@link #failure()} says why.
 */
final class JackSession implements LiveSession {

    private final JackClient client;
    private final JackPeriod period;
    private final JackPort firstInput;
    private final JackPort firstOutput;
    private final LiveEngine engine;
    private final ExecutorService reconfigure;
    /** Held while the session runs: see {@link ChainWarmUp#literalsOf}. */
    private final InternedLiterals literals;
    private volatile StreamInfo info;
    private volatile Throwable failure;
    private volatile boolean closed;
    // Read and written only on the reconfigure thread after start.
    private double rate;

    JackSession(JackClient client, JackPeriod period, JackPort firstInput, JackPort firstOutput,
                LiveEngine engine, double rate, InternedLiterals literals) {
        this.client = client;
        this.literals = literals;
        this.period = period;
        this.firstInput = firstInput;
        this.firstOutput = firstOutput;
        this.engine = engine;
        this.rate = rate;
        this.reconfigure = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "convstream-jack-reconfigure");
            t.setDaemon(true);
            return t;
        });
    }

    /** Sets what was negotiated, once connected. [main-thread, at start] */
    void started(StreamInfo negotiated) {
        this.info = negotiated;
    }

    /** The chain's prepare, whole and per plugin (JACK starts the rest at once). [main-thread, after start] */
    @Override
    public String startReport() {
        return "chain " + engine.preparedReport();
    }

    /** The server's period is now {@code frames}. [JACK notification thread] */
    void bufferSizeChanged(int frames) {
        int prepared = period.maxFrames();
        if (frames > prepared && !closed) {
            IllegalStateException why = new IllegalStateException("JACK: the server's period grew from "
                    + prepared + " to " + frames + " frames while the stream ran; the JACK backend cannot "
                    + "follow a larger period (JNAJack keeps the old buffer size): restart the stream");
            failure = why;
            period.stop(why);
        }
    }

    /** The server's rate is now {@code sampleRate}. [JACK notification thread] */
    void sampleRateChanged(int sampleRate) {
        if (!closed) {
            reconfigure.execute(() -> {
                if (sampleRate != rate) {
                    reprepare(sampleRate);
                }
            });
        }
    }

    /** The server went away. [JACK thread] */
    void serverShutDown() {
        if (!closed && failure == null) {
            failure = new IllegalStateException("JACK: the server shut down");
        }
    }

    private void reprepare(double newRate) {
        if (closed || !period.close()) {
            return;
        }
        int frames = period.maxFrames();
        try {
            engine.prepare(newRate, frames, engine.spec().channels(), engine.outputChannels());
            rate = newRate;
            StreamInfo old = info;
            if (old != null) {
                info = new StreamInfo(old.backend(), old.inputDevice(), old.outputDevice(), newRate, old.blockSize(),
                        old.inputChannels(), old.outputChannels(), old.format(),
                        JackLatency.measured(firstInput, firstOutput, engine.chain().latencySamples()));
            }
            period.open();
        } catch (RuntimeException | JackException e) {
            IllegalStateException why = new IllegalStateException("JACK: the server changed its rate to "
                    + newRate + " Hz, and the chain cannot be prepared for it: " + e.getMessage(), e);
            failure = why;
            period.stop(why);
        }
    }

    @Override
    public StreamInfo info() {
        return info;
    }

    @Override
    public LiveEngine engine() {
        return engine;
    }

    @Override
    public boolean isRunning() {
        return !closed && failure() == null;
    }

    @Override
    public Throwable failure() {
        Throwable f = failure;
        return f != null ? f : period.failure();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        reconfigure.shutdown();
        client.deactivate();
        client.close();
        try {
            // A re-prepare in progress finishes before the caller may close the chain it prepares.
            reconfigure.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
