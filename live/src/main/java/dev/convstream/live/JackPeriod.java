package dev.convstream.live;

import java.nio.FloatBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackProcessCallback;

/**
 * The JACK process callback: copies the input ports' buffers into preallocated planar arrays,
 * runs the {@link LiveEngine} on them and copies the result to the output ports, inside the
 * callback (no extra buffer, so it adds no latency). Allocation-free and lock-free.
 *
 * <p>A gate lets a control thread take the engine away from the audio thread without a lock,
 * for a re-prepare after the server changed its rate: the callback enters only by
 * turning the gate from open to busy (one CAS, never waiting) and plays silence when it cannot;
 * {@link #close} waits for a callback in flight to leave. A period larger than the prepared one
 * (the server grew its period) also plays silence.
 *
 * <p>An exception from the chain stops processing for good: the failure is kept for
 * {@link #failure()}, the outputs play silence from then on, and the JACK client stays alive (a
 * callback returning an error would make JACK drop the client without a word).
 */
final class JackPeriod implements JackProcessCallback {

    private static final int OPEN = 0;
    private static final int BUSY = 1;
    private static final int CLOSED = 2;
    private static final int FAILED = 3;

    private final LiveEngine engine;
    private final JackPort[] inputs;
    private final JackPort[] outputs;
    private final AtomicInteger gate = new AtomicInteger(CLOSED);
    private final float[][] in;
    private final float[][] out;
    private volatile Throwable failure;

    /**
     * A callback for {@code engine}, prepared for periods of up to {@code maxFrames}, between the
     * given ports (as many as the engine's input and output channels). Closed until {@link #open}.
     */
    JackPeriod(LiveEngine engine, JackPort[] inputs, JackPort[] outputs, int maxFrames) {
        if (inputs.length < 1 || outputs.length < 1) {
            throw new IllegalArgumentException("a JACK stream needs >= 1 input and output port, found "
                    + inputs.length + " and " + outputs.length);
        }
        this.engine = engine;
        this.inputs = inputs.clone();
        this.outputs = outputs.clone();
        this.in = new float[inputs.length][maxFrames];
        this.out = new float[outputs.length][maxFrames];
    }

    /** One period. [audio-thread] */
    @Override
    public boolean process(JackClient client, int frames) {
        if (!gate.compareAndSet(OPEN, BUSY)) {
            silence(frames);
            return true;
        }
        int next = OPEN;
        try {
            if (frames > in[0].length) {
                silence(frames);
                return true;
            }
            for (int c = 0; c < inputs.length; c++) {
                FloatBuffer b = inputs[c].getFloatBuffer();
                if (b.capacity() < frames) {
                    throw new IllegalStateException(tooSmall(b, frames));
                }
                b.get(0, in[c], 0, frames);
            }
            engine.process(in, 0, out, 0, frames);
            for (int c = 0; c < outputs.length; c++) {
                FloatBuffer b = outputs[c].getFloatBuffer();
                if (b.capacity() < frames) {
                    throw new IllegalStateException(tooSmall(b, frames));
                }
                b.put(0, out[c], 0, frames);
            }
        } catch (RuntimeException | Error e) {
            if (failure == null) {
                failure = e;
            }
            next = FAILED;
            silence(frames);
        } finally {
            gate.set(next);
        }
        return true;
    }

    /** Lets callbacks in. [main-thread] */
    void open() {
        gate.compareAndSet(CLOSED, OPEN);
    }

    /**
     * Keeps callbacks out (they play silence), after waiting for one in flight to leave, at most
     * one period. Returns false when processing has failed (the gate stays failed). [control thread]
     */
    boolean close() {
        while (true) {
            int g = gate.get();
            if (g == CLOSED) {
                return true;
            }
            if (g == FAILED) {
                return false;
            }
            if (g == OPEN && gate.compareAndSet(OPEN, CLOSED)) {
                return true;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Stops processing for good because of {@code why}: callbacks play silence from the next
     * period on (after one in flight leaves). [control thread]
     */
    void stop(Throwable why) {
        if (failure == null) {
            failure = why;
        }
        while (true) {
            int g = gate.get();
            if (g == FAILED || (g != BUSY && gate.compareAndSet(g, FAILED))) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** Frames per period the work arrays hold. [thread-safe] */
    int maxFrames() {
        return in[0].length;
    }

    /** The error that stopped processing, null while it runs. [thread-safe] */
    Throwable failure() {
        return failure;
    }

    private void silence(int frames) {
        for (JackPort p : outputs) {
            FloatBuffer b = p.getFloatBuffer();
            if (b == null) {
                continue;
            }
            for (int i = 0, n = Math.min(frames, b.capacity()); i < n; i++) {
                b.put(i, 0f);
            }
        }
    }

    // Only on the failure path: the message is built once, when processing stops.
    private static String tooSmall(FloatBuffer b, int frames) {
        return "JACK hands a period of " + frames + " frames but JNAJack's port buffer holds "
                + b.capacity() + ": restart the stream after changing the server's period";
    }
}
