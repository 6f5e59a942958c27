package dev.convstream.layer;

import dev.convstream.check.Require;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that run the extra parts of split convolution calls ({@code withParallelism}):
 * a few daemon threads that, after each task, keep polling for the next one for a short while
 * ({@code spin}) before they park.
 *
 * <p>Why not the common fork-join pool: a parked thread takes tens of microseconds to wake on
 * this kind of machine (a 2-vCPU VM), which is the length of a whole conv call of a few million
 * multiply-adds; so the caller had done most of the work by the time the helper started, and two
 * threads gave 1.0-1.2x instead of ~1.9x on calls of 50-100 us. Layers of a network, or the same
 * layer over a stream of inputs, are called back to back, and a thread still polling from the
 * last call starts within a microsecond. That is how ONNX Runtime's and OpenMP's pools work too
 * (threads spin before they block). The spin is bounded, so an idle process holds no busy core:
 * after {@code spin} without work every thread parks until the next {@link #execute}.
 *
 * <p>Tasks run in submission order per thread, on whichever thread takes them first. A task that
 * throws is reported to the thread's uncaught-exception handler and the thread goes on. [thread-safe]
 */
public final class SpinningWorkers implements Executor, AutoCloseable {

    /**
     * How long a thread polls for work after a task before parking: longer than the gap between
     * back-to-back calls of a network's layers (a few microseconds of the caller's own work
     * between them), short enough that a process calling a layer now and then wastes little (at
     * most this much CPU per call).
     */
    public static final Duration DEFAULT_SPIN = Duration.ofMillis(1);

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final Worker[] workers;
    private final long spinNanos;
    private volatile boolean closed;
    /** When {@link #awakeForBurst} was last asked: a caller's previous small call. */
    private volatile long lastAsk;

    /**
     * Starts {@code threads} daemon threads named {@code name-1}, {@code name-2}, ...
     *
     * @param threads threads to start, at least 1
     * @param spin how long each polls for work after a task before parking, zero or more
     * @param name prefix of the threads' names
     */
    public SpinningWorkers(int threads, Duration spin, String name) {
        Require.atLeastOne("threads", threads);
        Require.notNull("spin", spin);
        Require.notNull("name", name);
        if (spin.isNegative()) {
            throw new IllegalArgumentException("spin must be >= 0, found " + spin);
        }
        this.spinNanos = spin.toNanos();
        // long enough ago that the first ask is not taken for part of a burst
        this.lastAsk = System.nanoTime() - Long.MAX_VALUE / 4;
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker();
            Thread t = new Thread(workers[i]::loop, name + "-" + (i + 1));
            t.setDaemon(true);
            workers[i].thread = t;
        }
        for (Worker w : workers) {
            w.thread.start();
        }
    }

    /**
     * The process-wide workers that {@code withParallelism(tasks)} uses: one fewer thread than
     * the machine has processors (the caller runs a part too), at least one, spinning
     * {@link #DEFAULT_SPIN}; started on first use and never closed (daemon threads), like the
     * common fork-join pool it replaces.
     */
    public static SpinningWorkers shared() {
        return Shared.INSTANCE;
    }

    /** Threads of this pool. */
    public int threads() {
        return workers.length;
    }

    /**
     * Queues {@code task} and wakes a parked thread if none is polling.
     *
     * @throws IllegalStateException once {@link #close closed}
     */
    @Override
    public void execute(Runnable task) {
        Require.notNull("task", task);
        if (closed) {
            throw new IllegalStateException("these workers are closed");
        }
        queue.offer(task);
        for (Worker w : workers) {
            if (w.parked) {
                LockSupport.unpark(w.thread);
                return;
            }
        }
    }

    /**
     * Whether a thread is awake (polling, or running a task), so that a task queued now starts
     * within a microsecond instead of after a wake-up. When none is and the previous ask came
     * less than the spin ago (a caller's small calls come in a burst), wakes one without a task,
     * so that the burst's next call finds it polling; a lone call wakes nobody, because waking a
     * parked thread costs the caller ~4 us (median; 18 us at p90) on a 2-vCPU VM, the whole gain
     * of splitting a call this small (BENCHMARKS.md, "Session 43").
     */
    public boolean awakeForBurst() {
        long now = System.nanoTime();
        long previous = lastAsk;
        lastAsk = now;
        Worker sleeper = null;
        for (Worker w : workers) {
            if (!w.parked) {
                return true;
            }
            sleeper = w;
        }
        if (now - previous < spinNanos && !closed) {
            LockSupport.unpark(sleeper.thread);
        }
        return false;
    }

    /** Stops the threads once the queued tasks have run; tasks submitted afterwards are refused. */
    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }

    /** True when every thread has ended (after {@link #close}). */
    boolean terminated() {
        for (Worker w : workers) {
            if (w.thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Thread states, for tests that check that idle threads park. */
    Thread.State[] states() {
        Thread.State[] s = new Thread.State[workers.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = workers[i].thread.getState();
        }
        return s;
    }

    private final class Worker {
        Thread thread;
        // Set before the last look at the queue and parking: a producer that offers after that
        // look sees it and unparks; one that offered before is seen by the look.
        volatile boolean parked;

        void loop() {
            long idleSince = System.nanoTime();
            while (true) {
                Runnable task = queue.poll();
                if (task != null) {
                    run(task);
                    idleSince = System.nanoTime();
                } else if (closed) {
                    return;
                } else if (System.nanoTime() - idleSince < spinNanos) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (queue.isEmpty() && !closed) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }

        private void run(Runnable task) {
            try {
                task.run();
            } catch (Throwable t) {
                thread.getUncaughtExceptionHandler().uncaughtException(thread, t);
            }
        }
    }

    private static final class Shared {
        static final SpinningWorkers INSTANCE = new SpinningWorkers(
                Math.max(1, Runtime.getRuntime().availableProcessors() - 1), DEFAULT_SPIN, "convstream-conv");
    }
}
