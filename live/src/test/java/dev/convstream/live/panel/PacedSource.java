package dev.convstream.live.panel;

import dev.convstream.live.LiveEngine;
import dev.convstream.live.StreamInfo;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in for an audio device: a thread that calls {@link LiveEngine#process} once per
 * period at real-time pace with a sine, and keeps the last output block, so the panel can be
 * tested without a sound card.
 */
final class PacedSource implements AutoCloseable {

    static final double RATE = 48_000;
    static final int BLOCK = 256;

    private final LiveEngine engine;
    private final double frequency;
    private final float amplitude;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /** Prepares {@code engine} (mono in, mono out) and starts feeding it. */
    PacedSource(LiveEngine engine, double frequency, float amplitude) {
        this.engine = engine;
        this.frequency = frequency;
        this.amplitude = amplitude;
        engine.prepare(RATE, BLOCK, 1, 1);
        this.thread = new Thread(this::run, "paced-audio");
        thread.setDaemon(true);
        thread.start();
    }

    /** The stream this source stands for. */
    StreamInfo info() {
        return new StreamInfo("test", "sine", "memory", RATE, BLOCK, 1, 1, "float32", 2L * BLOCK);
    }

    /** Periods the engine has processed. */
    long engineCallbacks() {
        return engine.callbacks();
    }

    /** The error that stopped the thread, or null. */
    Throwable failure() {
        return failure;
    }

    private void run() {
        float[][] in = new float[1][BLOCK];
        float[][] out = new float[1][BLOCK];
        long period = Math.round(BLOCK * 1e9 / RATE);
        long next = System.nanoTime();
        long frame = 0;
        try {
            while (running) {
                for (int i = 0; i < BLOCK; i++) {
                    in[0][i] = (float) (amplitude * Math.sin(2 * Math.PI * frequency * (frame + i) / RATE));
                }
                frame += BLOCK;
                engine.process(in, 0, out, 0, BLOCK);
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (wait < -100 * period) {
                    next = System.nanoTime();
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** The largest absolute output sample of the last {@code n} frames (from the engine's output tap). */
    float recentOutputPeak(int n) {
        float[] x = new float[n];
        engine.outputTap().latest(x, n);
        float max = 0;
        for (float v : x) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
