package dev.convstream.layer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

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
        if (tasks < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, found " + tasks);
        }
        ConvArguments.required("executor", executor);
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

    /** As {@link #run(Part)} with at most {@code limit} parts (fewer when there is less work). */
    void run(Part part, int limit) {
        int parts = Math.max(1, Math.min(tasks, limit));
        if (parts == 1) {
            part.run(0, 1);
            return;
        }
        CompletableFuture<?>[] others = new CompletableFuture<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int index = p;
            others[p - 1] = CompletableFuture.runAsync(() -> part.run(index, parts), executor);
        }
        part.run(0, parts);
        try {
            CompletableFuture.allOf(others).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Start of part {@code part} of {@code parts} over {@code [0, n)}. */
    static int start(int part, int parts, int n) {
        return (int) ((long) n * part / parts);
    }
}
