package dev.convstream.live;

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
 * <p>Period or rate change (JACK2's {@code jack_bufsize}, PipeWire switching its quantum or
 * graph rate): the chain is prepared again off the audio thread, on this session's own
 * thread, never in JACK's notification callback (JACK waits for that callback, and a prepare
 * with its JIT warm-up takes seconds). Meanwhile the callback plays silence; a smaller period
 * needs no re-prepare (the chain takes any block up to the prepared size). A prepare that fails
 * (e.g. a model that cannot run at the new rate) stops the stream: {@link #failure()} says why.
 * The server shutting down stops it too.
 */
final class JackSession implements LiveSession {

    private final JackClient client;
    private final JackPeriod period;
    private final JackPort firstInput;
    private final JackPort firstOutput;
    private final LiveEngine engine;
    private final ExecutorService reconfigure;
    private volatile StreamInfo info;
    private volatile Throwable failure;
    private volatile boolean closed;
    // Read and written only on the reconfigure thread after start.
    private double rate;
    private int maxFrames;

    JackSession(JackClient client, JackPeriod period, JackPort firstInput, JackPort firstOutput,
                LiveEngine engine, double rate, int maxFrames) {
        this.client = client;
        this.period = period;
        this.firstInput = firstInput;
        this.firstOutput = firstOutput;
        this.engine = engine;
        this.rate = rate;
        this.maxFrames = maxFrames;
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

    /** The server's period is now {@code frames}. [JACK notification thread] */
    void bufferSizeChanged(int frames) {
        submit(() -> {
            if (frames > maxFrames) {
                reprepare(rate, frames);
            }
        });
    }

    /** The server's rate is now {@code sampleRate}. [JACK notification thread] */
    void sampleRateChanged(int sampleRate) {
        submit(() -> {
            if (sampleRate != rate) {
                reprepare(sampleRate, maxFrames);
            }
        });
    }

    /** The server went away. [JACK thread] */
    void serverShutDown() {
        if (!closed && failure == null) {
            failure = new IllegalStateException("JACK: the server shut down");
        }
    }

    private void submit(Runnable task) {
        if (!closed) {
            reconfigure.execute(task);
        }
    }

    private void reprepare(double newRate, int newFrames) {
        if (closed || !period.close()) {
            return;
        }
        try {
            engine.prepare(newRate, newFrames, engine.spec().channels(), engine.outputChannels());
            period.resize(newFrames);
            rate = newRate;
            maxFrames = newFrames;
            StreamInfo old = info;
            if (old != null) {
                info = new StreamInfo(old.backend(), old.inputDevice(), old.outputDevice(), newRate, newFrames,
                        old.inputChannels(), old.outputChannels(), old.format(),
                        JackLatency.measured(firstInput, firstOutput, engine.chain().latencySamples()));
            }
            period.open();
        } catch (RuntimeException | JackException e) {
            failure = new IllegalStateException("JACK: the server changed to " + newRate + " Hz, "
                    + newFrames + " frames per period, and the chain cannot be prepared for it: "
                    + e.getMessage(), e);
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
