package dev.convstream.live;

import java.nio.FloatBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;

/**
 * A second JACK client for the tests: either plays a signal from one port ({@link #player}) or
 * records one port ({@link #recorder}), at absolute JACK frame times, so that what the
 * convstream client does to a signal can be compared sample for sample with the offline chain.
 * Connected player -> convstream -> recorder, the server runs the three in that order within
 * each period, so a client that adds no latency shows the signal at the same frame times.
 *
 * <p>A player and a recorder share a cue: {@link #cueNextPeriod} makes the player start at the
 * next period it runs and tell the recorder that period's frame time through the cue, so both
 * agree on frame 0 even in freewheel mode (where the server's clock says nothing of frames).
 */
final class JackTestClient implements AutoCloseable {

    private final JackClient client;
    private final JackPort port;
    private final boolean plays;
    private static final long UNARMED = Long.MAX_VALUE;
    private static final long NEXT_PERIOD = -1;

    private final AtomicLong cue;
    private volatile float[] signal = new float[0];
    // Frame time after the last period processed; its volatile write publishes the samples recorded.
    private volatile long doneUntil;

    private JackTestClient(String name, boolean plays, AtomicLong cue) throws Exception {
        this.plays = plays;
        this.cue = cue;
        this.client = JackClients.open(name);
        try {
            this.port = client.registerPort(plays ? "out" : "in", JackPortType.AUDIO,
                    plays ? JackPortFlags.JackPortIsOutput : JackPortFlags.JackPortIsInput);
            client.setProcessCallback(this::process);
            client.activate();
        } catch (JackException e) {
            client.close();
            throw e;
        }
    }

    /** A new cue for a player and a recorder, unarmed. */
    static AtomicLong cue() {
        return new AtomicLong(UNARMED);
    }

    /** A client with one output port, {@code name:out}. */
    static JackTestClient player(String name, AtomicLong cue) throws Exception {
        return new JackTestClient(name, true, cue);
    }

    /** A client with one input port, {@code name:in}. */
    static JackTestClient recorder(String name, AtomicLong cue) throws Exception {
        return new JackTestClient(name, false, cue);
    }

    /** Full name of the port. */
    String portName() {
        return port.getName();
    }

    /**
     * Plays {@code samples} (player) or records into it (recorder) once the cue is given.
     * Before and after, a player plays silence.
     */
    void arm(float[] samples) {
        signal = samples;
    }

    /** Starts the player sharing {@code cue} at the next period it runs. */
    static void cueNextPeriod(AtomicLong cue) {
        cue.set(NEXT_PERIOD);
    }

    /** The frame time the cue started at, waiting for the player to take it. */
    static long cuedFrame(AtomicLong cue, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (cue.get() == NEXT_PERIOD || cue.get() == UNARMED) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the player did not take the cue within " + timeoutMillis + " ms");
            }
            Thread.sleep(5);
        }
        return cue.get();
    }

    /**
     * Waits until this client has processed every frame before {@code frame} (then what it
     * recorded is visible to the caller), for at most {@code timeoutMillis}.
     */
    void awaitFrame(long frame, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (doneUntil < frame) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(portName() + " reached frame " + doneUntil + ", not " + frame
                        + ", within " + timeoutMillis + " ms");
            }
            Thread.sleep(10);
        }
    }

    /** The server's current frame time, an estimate from outside the callback. */
    long frameTime() throws JackException {
        return client.getFrameTime();
    }

    private boolean process(JackClient c, int frames) {
        FloatBuffer b = port.getFloatBuffer();
        float[] s = signal;
        long t;
        try {
            t = c.getLastFrameTime();
        } catch (JackException e) {
            return false;
        }
        long start = cue.get();
        if (start == NEXT_PERIOD && plays && cue.compareAndSet(NEXT_PERIOD, t)) {
            start = t;
        }
        if (start == NEXT_PERIOD) {
            start = UNARMED;
        }
        for (int i = 0; i < frames; i++) {
            long k = t + i - start;
            boolean inside = k >= 0 && k < s.length;
            if (plays) {
                b.put(i, inside ? s[(int) k] : 0f);
            } else if (inside) {
                s[(int) k] = b.get(i);
            }
        }
        doneUntil = t + frames;
        return true;
    }

    @Override
    public void close() {
        client.deactivate();
        client.close();
    }
}
