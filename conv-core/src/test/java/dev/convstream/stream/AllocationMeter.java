package dev.convstream.stream;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the current thread, from HotSpot's per-thread counter. */
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
}
