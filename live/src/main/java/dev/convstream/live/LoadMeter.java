package dev.convstream.live;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long each audio callback took against its deadline (the block's duration): a histogram
 * the audio thread fills and any thread reads, for the p50/p99 "CPU load per block" a player
 * watches. A callback over 100% missed its deadline (an xrun on a device that cannot wait).
 *
 * <p>Bins are 0.5% of the deadline wide up to 200%; one more bin holds everything slower. The
 * audio thread is the only writer, so a plain read-then-write of a bin is enough (no CAS), and
 * an {@link AtomicLongArray} makes the counts visible to readers without a lock.
 */
public final class LoadMeter {

    /** Width of one bin, as a fraction of the deadline. */
    static final double BIN = 0.005;
    static final int BINS = 401;

    private final AtomicLongArray counts = new AtomicLongArray(BINS);
    private volatile long maxNanos;

    /** Counts one callback that took {@code nanos} against {@code deadlineNanos}. [audio-thread] */
    public void record(long nanos, long deadlineNanos) {
        int bin = (int) Math.min(BINS - 1, Math.max(0, nanos / (deadlineNanos * BIN)));
        counts.lazySet(bin, counts.get(bin) + 1);
        if (nanos > maxNanos) {
            maxNanos = nanos;
        }
    }

    /** Forgets every callback counted (after a warm-up). [main-thread, audio stopped] */
    public void clear() {
        for (int i = 0; i < BINS; i++) {
            counts.set(i, 0);
        }
        maxNanos = 0;
    }

    /** The counts so far; copies, so call it from a control thread. [thread-safe] */
    public Snapshot snapshot() {
        long[] c = new long[BINS];
        for (int i = 0; i < BINS; i++) {
            c[i] = counts.get(i);
        }
        return new Snapshot(c, maxNanos);
    }

    /**
     * Callback-time counts at one moment; {@link #since} gives the window between two, so that
     * several readers (status line, control panel) each see their own recent figures.
     */
    public static final class Snapshot {
        private final long[] counts;
        private final long maxNanos;

        private Snapshot(long[] counts, long maxNanos) {
            this.counts = counts;
            this.maxNanos = maxNanos;
        }

        /** An empty snapshot, the start of every window. */
        public static Snapshot empty() {
            return new Snapshot(new long[BINS], 0);
        }

        /** The callbacks counted after {@code earlier} and up to this one. */
        public Snapshot since(Snapshot earlier) {
            long[] d = new long[BINS];
            for (int i = 0; i < BINS; i++) {
                d[i] = counts[i] - earlier.counts[i];
            }
            return new Snapshot(d, maxNanos);
        }

        /** Number of callbacks counted. */
        public long callbacks() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }

        /**
         * The load (callback time / deadline) that fraction {@code q} of the callbacks stayed
         * within, the upper edge of its bin; 0 with no callbacks; {@link Double#POSITIVE_INFINITY}
         * when it lies in the overflow bin (over 200%).
         */
        public double quantile(double q) {
            if (!(q >= 0 && q <= 1)) {
                throw new IllegalArgumentException("quantile must be in [0, 1], found " + q);
            }
            long total = callbacks();
            if (total == 0) {
                return 0;
            }
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < BINS; i++) {
                seen += counts[i];
                if (seen >= Math.max(1, rank)) {
                    return i == BINS - 1 ? Double.POSITIVE_INFINITY : (i + 1) * BIN;
                }
            }
            return Double.POSITIVE_INFINITY;
        }

        /** Callbacks that took longer than their deadline. */
        public long overDeadline() {
            long n = 0;
            for (int i = (int) Math.round(1 / BIN); i < BINS; i++) {
                n += counts[i];
            }
            return n;
        }

        /** The slowest callback since the meter was created, in nanoseconds. */
        public long maxNanos() {
            return maxNanos;
        }
    }
}
