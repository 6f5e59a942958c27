package dev.convstream.plugin;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Hands a heavy resource (a model, an impulse response) from the thread that loaded it to the
 * audio thread, and the one it replaces back for release, without locks, allocation or
 * blocking on the audio thread (the idea of JUCE's background IR loading).
 *
 * <p>Protocol:
 * <ol>
 *   <li>A control thread loads (and prepares) the new resource, then calls {@link #publish}.</li>
 *   <li>The audio thread calls {@link #acquire()} once at the start of each block and uses what
 *       it returns for the whole block: the swap happens only at a block boundary, so no block
 *       mixes two resources and no block is skipped.</li>
 *   <li>The replaced resource goes to a retired slot; control threads release it (with the
 *       releaser given at construction) in {@link #publish}, {@link #releaseRetired()} or
 *       {@link #close()}, never on the audio thread.</li>
 * </ol>
 * If all retired slots are full (several swaps with no release in between, which
 * {@code publish} prevents by releasing first), the audio thread keeps the current resource
 * and swaps at a later block: a delayed swap, never a glitch.
 *
 * <p>The audio thread must not keep the returned reference beyond the block it acquired it for.
 *
 * <p>Plugins usually reach it through {@link ResourceHolder}, which adds the resource's value,
 * the rebuild on {@code prepare} and the load/prepare order.
 *
 * @param <T> the resource type; immutable or used by the audio thread only once published
 */
public final class ResourceSlot<T> {

    private static final int RETIRED_SLOTS = 4;

    private final Consumer<? super T> releaser;
    private final AtomicReference<T> pending = new AtomicReference<>();
    private final AtomicReferenceArray<T> retired = new AtomicReferenceArray<>(RETIRED_SLOTS);
    /** Written by the audio thread (or by {@link #close()} with audio stopped); volatile so {@link #peek()} is safe. */
    private volatile T current;

    /**
     * @param initial  the resource in use before the first publish, may be null
     * @param releaser frees a resource no longer in use (e.g. {@code AutoCloseable::close}
     *                 wrapped, or {@code r -> {}}); runs on control threads only
     */
    public ResourceSlot(T initial, Consumer<? super T> releaser) {
        if (releaser == null) {
            throw new IllegalArgumentException("releaser must not be null");
        }
        this.current = initial;
        this.releaser = releaser;
    }

    /**
     * Offers {@code next} to the audio thread, which picks it up at its next block. Releases
     * retired resources first, and releases a previously published resource that the audio
     * thread never picked up (superseded). [thread-safe, not audio-thread: may run the releaser]
     */
    public void publish(T next) {
        if (next == null) {
            throw new IllegalArgumentException("published resource must not be null");
        }
        releaseRetired();
        T superseded = pending.getAndSet(next);
        if (superseded != null) {
            releaser.accept(superseded);
        }
    }

    /**
     * The resource to use for this block: a newly published one when there is one (the previous
     * one is retired), else the current one; null before anything was set.
     * Lock-free, allocation-free. [audio-thread]
     */
    public T acquire() {
        if (pending.get() == null) {
            return current;
        }
        T old = current;
        if (old != null) {
            int slot = freeRetiredSlot();
            if (slot < 0) {
                return old; // no room to retire: swap at a later block
            }
            T next = pending.getAndSet(null);
            current = next;
            retired.set(slot, old);
            return next;
        }
        T next = pending.getAndSet(null);
        current = next;
        return next;
    }

    /** The resource the audio thread is currently using (may be stale by one block). [thread-safe] */
    public T peek() {
        return current;
    }

    /** Whether a published resource is still waiting for the audio thread. [thread-safe] */
    public boolean hasPending() {
        return pending.get() != null;
    }

    /** Releases every resource the audio thread has retired. [thread-safe, not audio-thread] */
    public void releaseRetired() {
        for (int i = 0; i < RETIRED_SLOTS; i++) {
            T r = retired.getAndSet(i, null);
            if (r != null) {
                releaser.accept(r);
            }
        }
    }

    /**
     * Swaps in a pending resource right away; for a plugin that is not processing (in
     * {@code prepare} or {@code loadState} before audio starts). [main-thread, audio stopped]
     */
    public void acquireNow() {
        T next = pending.getAndSet(null);
        if (next != null) {
            T old = current;
            current = next;
            if (old != null) {
                releaser.accept(old);
            }
        }
        releaseRetired();
    }

    /** Releases every resource held: current, pending and retired. [main-thread, audio stopped] */
    public void close() {
        releaseRetired();
        T p = pending.getAndSet(null);
        if (p != null) {
            releaser.accept(p);
        }
        T c = current;
        current = null;
        if (c != null) {
            releaser.accept(c);
        }
    }

    private int freeRetiredSlot() {
        for (int i = 0; i < RETIRED_SLOTS; i++) {
            if (retired.get(i) == null) {
                return i;
            }
        }
        return -1;
    }
}
