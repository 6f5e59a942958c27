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
 * <p>For a crossfade the audio thread swaps with {@link #acquireKeepingOutgoing()} instead: the
 * replaced resource stays in use as {@link #outgoing()} (never released, since it is not yet
 * retired) until the audio thread calls {@link #retireOutgoing()} at the end of the fade. While
 * one is outgoing, a newly published resource waits. {@link ResourceHolder} drives this.
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
    /** The resource a crossfade is leaving, still in use; written like {@link #current}. */
    private volatile T outgoing;

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
     * one is retired), else the current one; null before anything was set. An outgoing
     * resource (see {@link #acquireKeepingOutgoing()}) is retired first: the fade ends here.
     * Lock-free, allocation-free. [audio-thread]
     */
    public T acquire() {
        retireOutgoing();
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

    /**
     * Swaps in a newly published resource, like {@link #acquire()}, but keeps the one it
     * replaces in use as {@link #outgoing()} instead of retiring it, for a crossfade. Swaps
     * nothing while a resource is outgoing (the published one waits for the fade to end) or
     * when no retired slot is free for the outgoing one's eventual retirement (a delayed swap);
     * with no current resource it swaps as {@link #acquire()} does, leaving nothing outgoing.
     * Lock-free, allocation-free. [audio-thread]
     *
     * @return true when a resource became outgoing (a crossfade starts), false otherwise
     */
    public boolean acquireKeepingOutgoing() {
        if (outgoing != null || pending.get() == null) {
            return false;
        }
        T old = current;
        if (old == null) {
            current = pending.getAndSet(null);
            return false;
        }
        if (freeRetiredSlot() < 0) {
            // Only the audio thread fills retired slots, so the free one found here is still
            // free when retireOutgoing needs it.
            return false;
        }
        outgoing = old;
        current = pending.getAndSet(null);
        return true;
    }

    /**
     * The resource a crossfade is leaving (still in use by the audio thread), or null.
     * [thread-safe]
     */
    public T outgoing() {
        return outgoing;
    }

    /**
     * Retires the outgoing resource, if any, so a control thread releases it: the crossfade
     * has ended. Lock-free, allocation-free. [audio-thread]
     */
    public void retireOutgoing() {
        T old = outgoing;
        if (old == null) {
            return;
        }
        int slot = freeRetiredSlot();
        if (slot < 0) {
            return; // cannot happen: acquireKeepingOutgoing saw a free slot; kept, never lost
        }
        retired.set(slot, old);
        outgoing = null;
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
     * Swaps in a pending resource right away and releases an outgoing one; for a plugin that
     * is not processing (in {@code prepare} or {@code loadState} before audio starts).
     * [main-thread, audio stopped]
     */
    public void acquireNow() {
        releaseOutgoing();
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

    /** Releases every resource held: current, outgoing, pending and retired. [main-thread, audio stopped] */
    public void close() {
        releaseOutgoing();
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

    private void releaseOutgoing() {
        T o = outgoing;
        outgoing = null;
        if (o != null) {
            releaser.accept(o);
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
