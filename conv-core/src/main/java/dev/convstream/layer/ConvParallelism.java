package dev.convstream.layer;

import dev.convstream.check.Require;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How an offline convolution layer splits one {@code forward} call: into {@code tasks} disjoint
 * parts (output channels or output positions, chosen by the layer), the calling thread doing one
 * part and {@code executor} the others. Each part writes its own outputs, so no two tasks touch
 * the same element and results are identical to the single-task run. One task (the default)
 * runs inline and submits nothing.
 *
 * @param tasks parts per call, at least 1
 * @param executor runs the parts other than the caller's
 * @param minSplitMacs calls of fewer multiply-adds run on the caller alone ({@link #MIN_SPLIT_MACS}
 *     unless a test wants every call split)
 */
record ConvParallelism(int tasks, Executor executor, long minSplitMacs) {

    static final ConvParallelism SINGLE = new ConvParallelism(1, Runnable::run, 0);

    ConvParallelism {
        Require.atLeastOne("parallelism", tasks);
        Require.notNull("executor", executor);
        if (minSplitMacs < 0) {
            throw new IllegalArgumentException("minSplitMacs must be >= 0, found " + minSplitMacs);
        }
    }

    /** {@code tasks} parts on {@code executor} for calls of at least {@link #MIN_SPLIT_MACS}. */
    ConvParallelism(int tasks, Executor executor) {
        this(tasks, executor, MIN_SPLIT_MACS);
    }

    /** {@code tasks} parts, the extra ones on the {@link SpinningWorkers#shared() shared workers}. */
    static ConvParallelism of(int tasks) {
        return tasks == 1 ? SINGLE : new ConvParallelism(tasks, SpinningWorkers.shared());
    }

    /** Every call split, however small: for tests of the split itself on small shapes. */
    static ConvParallelism always(int tasks, Executor executor) {
        return new ConvParallelism(tasks, executor, 0);
    }

    /** One part of a call: {@code part} in {@code [0, parts)}. */
    interface Part {
        void run(int part, int parts);
    }

    /**
     * Calls of fewer multiply-adds than this run on the caller alone, whatever {@code tasks}:
     * handing a part to the pool costs ~5 us when its thread is awake and tens of microseconds
     * when it is parked, while a call of 2 M multiply-adds takes ~25 us on the GEMM paths (~65 us
     * depthwise). Measured per case (issue 18): the 1x1 16->16 conv over 4,096 frames (1 M, 14 us)
     * lost to the hand-off when calls were spaced (35 us split against 20, the helper woken
     * during the call), so smaller calls split only when a helper is already awake
     * ({@link #MIN_AWAKE_SPLIT_MACS}); the depthwise 3x3 case (3.6 M) and conv1d 16->32 k3 (6.3 M)
     * gain 1.5-1.9x. Figures in BENCHMARKS.md, "Two threads: no hand-off for small calls" and
     * "Session 42".
     */
    static final long MIN_SPLIT_MACS = 2_000_000;

    /**
     * Calls of fewer multiply-adds than {@link #MIN_SPLIT_MACS} but at least this many are split
     * when a thread of the {@link SpinningWorkers} is already awake, which it is in a burst of
     * calls ({@link SpinningWorkers#awakeForBurst}): back to back, the 1x1 16->16 conv over 4,096
     * frames (1 M) then takes 8-12 us on two threads against 14-16 on one, while calls more than
     * the spin apart, whose helper has parked, still run on the caller alone (BENCHMARKS.md,
     * "Session 43", section 2).
     */
    static final long MIN_AWAKE_SPLIT_MACS = 1_000_000;

    /**
     * Whether a call of {@code macs} multiply-adds is split at all: see {@link #MIN_SPLIT_MACS}
     * and {@link #MIN_AWAKE_SPLIT_MACS}. Asked once per call (it may wake a pool thread).
     */
    boolean splits(long macs) {
        if (tasks == 1) {
            return false;
        }
        if (macs >= minSplitMacs) {
            return true;
        }
        return macs >= MIN_AWAKE_SPLIT_MACS && executor instanceof SpinningWorkers workers
                && workers.awakeForBurst();
    }

    /**
     * As {@link #run(Part)} with at most {@code limit} parts (fewer when there is less work).
     * Parts are claimed from a shared counter by the caller and by up to {@code tasks - 1}
     * helpers on the executor, so a helper that starts late (a busy machine, a parked pool
     * thread) finds the work done and returns: the call is never held up waiting for a helper
     * to be scheduled, only for parts a helper has actually started. The caller waits for those
     * by spinning, then yielding: a part is far shorter than a park/unpark round trip.
     */
    void run(Part part, int limit) {
        runParts(part, parts(limit));
    }

    /**
     * As {@link #run(Part, int)} with one part per unit ({@code units} parts, one on a single
     * task), for units long enough that claiming each costs nothing next to it (the Winograd
     * path's blocks, ~150 us each). Each unit then goes to whichever thread is free: (d), five
     * blocks of which the last is a quarter of the others, took 14-15% less at the median on two
     * threads than in four parts, whose last held the last two blocks and so fell, whole, to the
     * thread that finished second (BENCHMARKS.md, "Session 43").
     */
    void runEach(Part part, int units) {
        runParts(part, tasks == 1 ? 1 : Math.max(1, units));
    }

    private void runParts(Part part, int parts) {
        if (parts == 1) {
            part.run(0, 1);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
                try {
                    part.run(p, parts);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    finished.incrementAndGet();
                }
            }
        };
        for (int helper = 1; helper < Math.min(tasks, parts); helper++) {
            executor.execute(worker);
        }
        worker.run();
        for (int spins = 0; finished.get() < parts; spins++) {
            if (spins < 100_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException("a convolution part failed", t);
        }
    }

    /**
     * Parts per call over {@code limit} units: {@value #PARTS_PER_TASK} per task, so that when a
     * helper starts late (a parked pool thread takes tens of microseconds to wake on a busy
     * machine) the caller has already claimed and finished some of its share and the two
     * finish close together; at most {@code limit}, and 1 for a single task.
     */
    int parts(int limit) {
        return tasks == 1 ? 1 : Math.max(1, Math.min(tasks * PARTS_PER_TASK, limit));
    }

    /** See {@link #parts}. */
    static final int PARTS_PER_TASK = 2;

    /** Start of part {@code part} of {@code parts} over {@code [0, n)}. */
    static int start(int part, int parts, int n) {
        return (int) ((long) n * part / parts);
    }

    // Part `part`'s block of an outH x outW output: a band of rows, or, when there is one row
    // (1D), a segment of it, so that every tile stays a plain strided block of the output. Four
    // scalars rather than a record: they are asked per part and must not allocate.
    static int firstRow(int part, int parts, int outH) {
        return outH > 1 ? start(part, parts, outH) : 0;
    }

    static int endRow(int part, int parts, int outH) {
        return outH > 1 ? start(part + 1, parts, outH) : outH;
    }

    static int firstColumn(int part, int parts, int outH, int outW) {
        return outH > 1 ? 0 : start(part, parts, outW);
    }

    static int endColumn(int part, int parts, int outH, int outW) {
        return outH > 1 ? outW : start(part + 1, parts, outW);
    }
}
