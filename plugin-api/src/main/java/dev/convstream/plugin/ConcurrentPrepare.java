package dev.convstream.plugin;

import java.util.List;

/**
 * Prepares the plugins of a chain, each on its own thread when asked: the first on the calling
 * thread, every other one on a fresh thread, all joined before this returns.
 *
 * <p>Why: a realtime prepare warms each plugin up ({@link WarmUp}: it runs its model or its
 * convolver until the JIT has compiled their kernels), and one after another the chain's start
 * waits for the sum. At the same time the warm-ups overlap, and the JIT's compiler threads get
 * both plugins' kernels queued at once. An offline prepare skips the warm-ups, so the threads
 * would only add their own start-up: the chain asks for them only for a realtime spec.
 *
 * <p>Each plugin is still prepared by one thread only, and {@link Thread#join()} makes
 * everything a helper thread wrote visible to the caller (and from there, through the host's
 * hand-over, to the audio thread). When several throw, the first plugin's exception (in chain
 * order) is thrown, the others added to it as suppressed; every thread has ended by then.
 */
final class ConcurrentPrepare {

    /** System property: {@code false} prepares one plugin after another on the calling thread. */
    static final String PROPERTY = "convstream.prepare.concurrent";

    private ConcurrentPrepare() {
    }

    /** Whether realtime prepares run concurrently (default yes). [thread-safe] */
    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    }

    /**
     * Prepares {@code plugins.get(i)} with {@code specs[i]} for every i: concurrently when
     * {@code concurrent} and there are two or more, else in order on this thread. [main-thread]
     */
    static void run(List<AudioPlugin> plugins, ProcessSpec[] specs, boolean concurrent) {
        if (!concurrent || plugins.size() < 2) {
            for (int i = 0; i < plugins.size(); i++) {
                plugins.get(i).prepare(specs[i]);
            }
            return;
        }
        Throwable[] failures = new Throwable[plugins.size()];
        Thread[] helpers = new Thread[plugins.size()];
        for (int i = 1; i < helpers.length; i++) {
            int index = i;
            helpers[i] = new Thread(() -> prepareOne(plugins, specs, failures, index),
                    "convstream-prepare-" + i + "-" + plugins.get(i).descriptor().id());
            helpers[i].setDaemon(true);
            helpers[i].start();
        }
        prepareOne(plugins, specs, failures, 0);
        for (int i = 1; i < helpers.length; i++) {
            joinUninterruptibly(helpers[i]);
        }
        Throwable first = null;
        for (Throwable t : failures) {
            if (t == null) {
                continue;
            }
            if (first == null) {
                first = t;
            } else {
                first.addSuppressed(t);
            }
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
    }

    private static void prepareOne(List<AudioPlugin> plugins, ProcessSpec[] specs, Throwable[] failures, int i) {
        try {
            plugins.get(i).prepare(specs[i]);
        } catch (RuntimeException | Error e) {
            failures[i] = e;
        }
    }

    /** Waits for {@code t} to end; an interrupt meanwhile is kept for the caller to see. */
    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
