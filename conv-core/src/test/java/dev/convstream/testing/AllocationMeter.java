package dev.convstream.testing;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the current thread, from HotSpot's per-thread counter: the one meter of the
 * zero-allocation tests.
 */
public final class AllocationMeter {
    private final com.sun.management.ThreadMXBean bean;

    public AllocationMeter() {
        bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!bean.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM cannot count allocated bytes per thread");
        }
        bean.setThreadAllocatedMemoryEnabled(true);
    }

    /**
     * Bytes {@code work} allocated on this thread. The meter's own read is measured first and
     * must cost nothing, so the result is exactly what {@code work} allocated.
     */
    public long allocatedBy(Runnable work) {
        long id = Thread.currentThread().getId();
        long a = bean.getThreadAllocatedBytes(id);
        long b = bean.getThreadAllocatedBytes(id);
        if (b != a) {
            throw new IllegalStateException("reading the allocation counter itself allocated " + (b - a) + " bytes");
        }
        work.run();
        return bean.getThreadAllocatedBytes(id) - b;
    }

    /**
     * Bytes {@code work} allocated on this thread, give or take the few hundred bytes the meter's
     * own reads may cost while classes load or an agent instruments them: for bounds of megabytes
     * (the fuzz harnesses' {@link LoaderContract}), where {@link #allocatedBy}'s exactness check
     * would report the harness instead of the code.
     */
    public long allocatedAbout(Runnable work) {
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        work.run();
        return bean.getThreadAllocatedBytes(id) - before;
    }

    /**
     * What {@code work} allocates once the JIT has settled: {@code warmUp} runs first, then
     * {@code work} is measured up to {@code attempts} times and the smallest count returned.
     *
     * <p>Why more than one attempt: when C2 installs an on-stack-replacement version of a
     * measuring loop, the switch to it can allocate a few dozen bytes once per JVM (seen: 48 to
     * 96 bytes, gone with {@code -XX:-UseOnStackReplacement}), at a moment that depends on the
     * compile queue. That is the harness, not the code under test: an allocation in the code
     * under test would show in every run, multiplied by the number of calls.
     */
    public long allocatedOnceWarm(Runnable warmUp, Runnable work, int attempts) {
        warmUp.run();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < attempts && best != 0; i++) {
            best = Math.min(best, allocatedBy(work));
        }
        return best;
    }

    /**
     * What {@code work} allocates once the JIT has compiled it: {@code work} is measured again and
     * again until one run allocates nothing, or for at most {@code budgetNanos}; returns 0, or the
     * bytes of the last run when the budget ran out.
     *
     * <p>Why a time budget rather than a count: until C2 has compiled the hot path, code that is
     * allocation-free when compiled can still allocate (Vector API kernels box their vectors in the
     * interpreter and C1), and C2 compiles in the background, later on a loaded machine. Code that
     * allocates at all, even once per run, never gives a clean run.
     *
     * <p>A run counts the meter's own reads in ({@link #allocatedAbout}), not {@link #allocatedBy}'s
     * exactness check: a read can allocate once, when its call crosses a C2 threshold and this
     * thread resolves the string constants of the method it asks C2 for (RELIABILITY.md), and here
     * that is just a run that was not clean, to be repeated; a meter that allocated on every read
     * would fail the caller, never pass it.
     */
    public long allocatedOnceCompiled(Runnable work, long budgetNanos) {
        long start = System.nanoTime();
        long bytes;
        do {
            bytes = allocatedAbout(work);
        } while (bytes != 0 && System.nanoTime() - start < budgetNanos);
        return bytes;
    }
}
