package dev.convstream.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.TestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The workers that run split conv calls: every task runs, idle threads park (no busy core once
 * the spin is over), a parked thread wakes for the next task, a throwing task does not stop its
 * thread, and a conv layer split on them gives the single-task result.
 */
class SpinningWorkersTest {

    /** Generous: the test machine may be shared, and these bound waits only, never a speed. */
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void everyTaskFromSeveralProducersRunsOnce() throws Exception {
        try (SpinningWorkers workers = new SpinningWorkers(2, Duration.ofMillis(1), "test")) {
            int producers = 3;
            int perProducer = 2_000;
            AtomicInteger[] runs = new AtomicInteger[producers * perProducer];
            for (int i = 0; i < runs.length; i++) {
                runs[i] = new AtomicInteger();
            }
            CountDownLatch done = new CountDownLatch(runs.length);
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                Thread t = new Thread(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        int id = base + i;
                        workers.execute(() -> {
                            runs[id].incrementAndGet();
                            done.countDown();
                        });
                        if (i % 97 == 0) {
                            LockSupport.parkNanos(300_000); // let the workers go idle and park now and then
                        }
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), "tasks left: " + done.getCount());
            for (int i = 0; i < runs.length; i++) {
                assertEquals(1, runs[i].get(), "task " + i);
            }
        }
    }

    @Test
    void idleThreadsParkAfterTheSpinAndWakeForTheNextTask() throws Exception {
        try (SpinningWorkers workers = new SpinningWorkers(2, Duration.ofMillis(2), "test")) {
            CountDownLatch first = new CountDownLatch(1);
            workers.execute(first::countDown);
            assertTrue(first.await(30, TimeUnit.SECONDS));
            awaitAllParked(workers);

            Set<String> ranOn = ConcurrentHashMap.newKeySet();
            CountDownLatch second = new CountDownLatch(1);
            workers.execute(() -> {
                ranOn.add(Thread.currentThread().getName());
                second.countDown();
            });
            assertTrue(second.await(30, TimeUnit.SECONDS), "a parked worker was not woken");
            assertTrue(ranOn.iterator().next().startsWith("test-"), ranOn.toString());
            awaitAllParked(workers);
        }
    }

    /**
     * A lone ask finds the thread parked and leaves it parked (waking it costs the caller more than
     * a small call gains); a second ask within the spin wakes it, and later asks find it awake.
     */
    @Test
    void aBurstOfAsksWakesAThreadAndALoneAskDoesNot() throws Exception {
        try (SpinningWorkers workers = new SpinningWorkers(1, Duration.ofMillis(200), "test")) {
            awaitAllParked(workers);
            assertFalse(workers.awakeForBurst(), "the thread is parked");
            Thread.sleep(50);
            assertEquals(Thread.State.WAITING, workers.states()[0], "a lone ask woke the thread");
            Thread.sleep(300);
            assertFalse(workers.awakeForBurst(), "the thread is parked");
            Thread.sleep(50);
            assertEquals(Thread.State.WAITING, workers.states()[0], "an ask past the spin woke the thread");
            // 50 ms after the previous ask: a burst
            assertFalse(workers.awakeForBurst(), "the thread was parked when asked");
            long start = System.nanoTime();
            while (!workers.awakeForBurst()) {
                assertTrue(System.nanoTime() - start < DEADLINE_NANOS, "the burst never woke the thread");
                Thread.sleep(1);
            }
        }
    }

    @Test
    void aThrowingTaskIsReportedAndTheThreadGoesOn() throws Exception {
        try (SpinningWorkers workers = new SpinningWorkers(1, Duration.ZERO, "test")) {
            List<Throwable> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch handlerSet = new CountDownLatch(1);
            workers.execute(() -> {
                Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.add(e));
                handlerSet.countDown();
            });
            assertTrue(handlerSet.await(30, TimeUnit.SECONDS));
            workers.execute(() -> {
                throw new IllegalStateException("boom");
            });
            CountDownLatch after = new CountDownLatch(1);
            workers.execute(after::countDown);
            assertTrue(after.await(30, TimeUnit.SECONDS), "the thread stopped after a throwing task");
            assertEquals(1, reported.size());
            assertEquals("boom", reported.get(0).getMessage());
        }
    }

    @Test
    void closeEndsTheThreadsAndRefusesNewTasks() throws Exception {
        SpinningWorkers workers = new SpinningWorkers(2, Duration.ofSeconds(10), "test");
        CountDownLatch ran = new CountDownLatch(1);
        workers.execute(ran::countDown);
        assertTrue(ran.await(30, TimeUnit.SECONDS));
        workers.close();
        long start = System.nanoTime();
        while (!workers.terminated()) {
            assertTrue(System.nanoTime() - start < DEADLINE_NANOS, "threads still alive after close");
            Thread.sleep(5);
        }
        assertThrows(IllegalStateException.class, () -> workers.execute(() -> { }));
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("threads must be >= 1, found 0",
                assertThrows(IllegalArgumentException.class,
                        () -> new SpinningWorkers(0, Duration.ZERO, "x")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SpinningWorkers(1, Duration.ofNanos(-1), "x")).getMessage().startsWith("spin must be >= 0"));
    }

    @Test
    void aLayerSplitOnTheWorkersEqualsOneTask() {
        TestData data = new TestData(5);
        Conv2dSpec spec = Conv2dSpec.builder(6, 8, 3).padding(1).build();
        Tensor w = data.sixteenths(spec.weightShape());
        Tensor b = data.sixteenths(spec.outChannels());
        Tensor x = data.sixteenths(2, 6, 19, 23);
        Conv2d single = new Conv2d(spec, w, b, Kernels.preferred());
        Tensor expected = single.forward(x);
        try (SpinningWorkers workers = new SpinningWorkers(2, Duration.ofMillis(1), "test")) {
            Conv2d split = single.withParallelism(ConvParallelism.always(3, workers));
            for (int call = 0; call < 50; call++) {
                assertArrayEquals(expected.data(), split.forward(x).data(), "call " + call);
            }
        }
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), SpinningWorkers.shared().threads());
        assertArrayEquals(expected.data(), single.withParallelism(2).forward(x).data(), "on the shared workers");
    }

    /** Waits until every thread of {@code workers} is parked (WAITING), failing at the deadline. */
    static void awaitAllParked(SpinningWorkers workers) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            Thread.State[] states = workers.states();
            boolean all = true;
            for (Thread.State s : states) {
                all &= s == Thread.State.WAITING;
            }
            if (all) {
                return;
            }
            assertTrue(System.nanoTime() - start < DEADLINE_NANOS,
                    "workers still not parked: " + java.util.Arrays.toString(states));
            Thread.sleep(5);
        }
    }
}
