package dev.convstream.kernel;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AllocationFreeWarmUp} on a counter the test drives: done after exactly
 * {@value AllocationFreeWarmUp#CLEAN_CALLS} clean calls in a row, a dirty call starts the count
 * again, and a kernel that keeps allocating (or a JVM that cannot count) is refused.
 */
class AllocationFreeWarmUpTest {

    private static final long MINUTE = 60_000_000_000L;

    @Test
    void doneAfterThreeAllocationFreeCallsInARow() {
        AtomicLong counter = new AtomicLong();
        AtomicInteger calls = new AtomicInteger();
        // calls 1-4 allocate, then 5 and 6 are clean, 7 allocates, 8, 9, 10 are clean
        Runnable kernel = () -> {
            int n = calls.incrementAndGet();
            if (n <= 4 || n == 7) {
                counter.addAndGet(96);
            }
        };
        assertTrue(new AllocationFreeWarmUp(counter::get).run(kernel, MINUTE));
        assertEquals(10, calls.get(), "calls until three clean ones in a row");
    }

    @Test
    void aKernelThatAlwaysAllocatesIsRefusedWhenTheBudgetIsSpent() {
        AtomicLong counter = new AtomicLong();
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();
        boolean compiled = new AllocationFreeWarmUp(counter::get).run(() -> {
            calls.incrementAndGet();
            counter.addAndGet(16);
        }, 50_000_000L);
        assertFalse(compiled);
        assertTrue(System.nanoTime() - start >= 50_000_000L, "ran for its budget");
        assertTrue(calls.get() > 0);
    }

    @Test
    void withoutAnAllocationCounterNothingCountsAsCompiled() {
        AtomicInteger calls = new AtomicInteger();
        assertFalse(new AllocationFreeWarmUp(null).run(calls::incrementAndGet, MINUTE));
        assertEquals(0, calls.get(), "no call made when the answer cannot be known");
    }

    /** The JVM's own counter: a call that allocates nothing is seen as such. */
    @Test
    void theRunningJvmsCounterSeesAnAllocationFreeCall() {
        int[] box = new int[1];
        assertTrue(new AllocationFreeWarmUp().run(() -> box[0]++, MINUTE));
        assertTrue(box[0] >= AllocationFreeWarmUp.CLEAN_CALLS && box[0] < 100, box[0] + " calls");
    }
}
