package dev.convstream.layer;

import dev.convstream.check.Require;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
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
 */
record ConvParallelism(int tasks, Executor executor) {

    static final ConvParallelism SINGLE = new ConvParallelism(1, Runnable::run);

    ConvParallelism {
        Require.atLeastOne("parallelism", tasks);
        Require.notNull("executor", executor);
    }

    /** {@code tasks} parts, the extra ones on the common fork-join pool. */
    static ConvParallelism of(int tasks) {
        return tasks == 1 ? SINGLE : new ConvParallelism(tasks, ForkJoinPool.commonPool());
    }

    /** One part of a call: {@code part} in {@code [0, parts)}. */
    interface Part {
        void run(int part, int parts);
    }

    /** Runs every part and returns when all are done, rethrowing the first failure. */
    void run(Part part) {
        run(part, tasks);
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
        int parts = parts(limit);
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
