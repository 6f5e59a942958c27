package dev.convstream.kernel;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Runs a Vector API kernel on the calling thread until the JIT has compiled it, seen from the
 * outside: a call that allocates nothing. Why allocation: until C2 has compiled a Vector API
 * method (with escape analysis removing the boxes), the interpreter and C1 run the API's Java
 * fallback, which allocates an object per vector operation and is about a thousand times slower;
 * C2's code allocates nothing. So {@value #CLEAN_CALLS} calls in a row of zero bytes mean C2's
 * code ran them. Timing could not tell as well: under load a slow block is as likely the
 * scheduler's, and C1's boxed code is steady, just slow.
 *
 * <p>For kernels a caller must not play cold (an LSTM's cell: one call per block, no warm-up
 * long enough in time to be sure C2 got to it): the caller keeps its scalar code when this
 * answers false. Stateless: [thread-safe].
 */
final class AllocationFreeWarmUp {

    /** Allocation-free calls in a row that count as compiled. */
    static final int CLEAN_CALLS = 3;

    private final LongSupplier allocatedBytes; // this thread's allocated bytes so far, or null: unknown

    /** The running JVM's per-thread allocation counter (HotSpot's {@code com.sun.management.ThreadMXBean}). */
    AllocationFreeWarmUp() {
        this(currentThreadCounter());
    }

    /** @param allocatedBytes the calling thread's allocated bytes so far; null when the JVM cannot tell */
    AllocationFreeWarmUp(LongSupplier allocatedBytes) {
        this.allocatedBytes = allocatedBytes;
    }

    /**
     * Calls {@code call} until {@value #CLEAN_CALLS} calls in a row allocated nothing (true), or
     * {@code budgetNanos} have passed or the JVM cannot count allocation (false). [loading thread]
     */
    boolean run(Runnable call, long budgetNanos) {
        if (allocatedBytes == null) {
            return false;
        }
        long start = System.nanoTime();
        int clean = 0;
        while (System.nanoTime() - start < budgetNanos) {
            long before = allocatedBytes.getAsLong();
            call.run();
            long after = allocatedBytes.getAsLong();
            clean = after == before ? clean + 1 : 0;
            if (clean == CLEAN_CALLS) {
                return true;
            }
        }
        return false;
    }

    /** The counter, or null without the {@code jdk.management} module or with it switched off. */
    private static LongSupplier currentThreadCounter() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                    && bean.isThreadAllocatedMemorySupported()) {
                if (!bean.isThreadAllocatedMemoryEnabled()) {
                    return null;
                }
                return bean::getCurrentThreadAllocatedBytes;
            }
        } catch (LinkageError | SecurityException e) {
            return null;
        }
        return null;
    }
}
