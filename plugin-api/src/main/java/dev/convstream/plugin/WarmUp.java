package dev.convstream.plugin;

/**
 * How long a freshly loaded resource (a model, a convolution engine) runs on a test signal on
 * the loading thread before it is handed to the audio thread. Why: Vector API kernels run tens
 * to thousands of times slower until the JIT's optimising compiler has compiled them, and on a
 * busy machine that compilation itself takes seconds; the first blocks of code nobody has run
 * yet would miss their deadline. Running it off the audio thread first gets the compilation done
 * there.
 *
 * <p>The warm-up runs at least {@code minSamples}, then goes on until the speed is stable
 * ({@link #STABLE_BLOCKS} timed blocks in a row within twice the fastest seen), and stops at
 * {@code maxNanos} whatever happens. The speed also counts as stable when {@link #STABLE_BLOCKS}
 * groups in a row of 2, 4, ... up to {@code 2^}{@value #SCALES}{@code -1} consecutive timed blocks
 * are within twice the fastest group of that size: work that comes once every few blocks (a
 * partitioned convolver's FFT every fourth 256-frame block of a reverb) makes single blocks
 * differ by more than twice for ever, while groups of whole periods cost the same. The plugin drives the loop (it knows what signal and block
 * sizes reach every code path); {@link #start} keeps the count. Immutable: [thread-safe].
 *
 * @param minSamples samples to run before stability is checked, {@code >= 0}
 * @param maxNanos   wall-clock budget in nanoseconds, {@code >= 0}
 */
public record WarmUp(long minSamples, long maxNanos) {

    /** Timed blocks (or groups) in a row that must run within twice the best time for the speed to count as stable. */
    public static final int STABLE_BLOCKS = 20;

    /**
     * Group sizes compared: 1, 2, 4, ... 2048 timed blocks. The largest covers the longest
     * period a plugin here has, a 4,096-sample FFT partition, in blocks of 2 frames.
     */
    public static final int SCALES = 12;

    public WarmUp {
        if (minSamples < 0 || maxNanos < 0) {
            throw new IllegalArgumentException(
                    "warm-up bounds must be >= 0, found minSamples=" + minSamples + " maxNanos=" + maxNanos);
        }
    }

    /** A fresh count, its clock started now. [loading thread] */
    public Run start() {
        return new Run(this, System.nanoTime(), false);
    }

    /**
     * A fresh count for a plugin prepared with {@code spec}: for an {@link ProcessingMode#OFFLINE
     * offline} spec one that is {@link Run#done() done} before anything runs, since no block of an
     * offline render has a deadline to protect and the warm-up would only add to the job's time.
     * [loading thread]
     */
    public Run start(ProcessSpec spec) {
        return new Run(this, System.nanoTime(), spec.offline());
    }

    /** One warm-up in progress: not thread-safe, used by the thread that runs it. */
    public static final class Run {
        private final WarmUp bounds;
        private final long start;
        private long samples;
        private long timedCount;
        /** Per scale {@code s}, groups of {@code 2^s} timed blocks: the open group's sum, the best group, the run of stable ones. */
        private final long[] sum = new long[SCALES];
        private final long[] best = new long[SCALES];
        private final int[] stable = new int[SCALES];
        private final boolean skipped;

        private Run(WarmUp bounds, long start, boolean skipped) {
            this.bounds = bounds;
            this.start = start;
            this.skipped = skipped;
            java.util.Arrays.fill(best, Long.MAX_VALUE);
        }

        /** Counts {@code frames} more samples run (timed or not). */
        public void ran(int frames) {
            samples += frames;
        }

        /** Counts one timed block (or group of blocks) that took {@code nanos}. */
        public void timed(long nanos) {
            timedCount++;
            for (int s = 0; s < SCALES; s++) {
                sum[s] += nanos;
                if ((timedCount & ((1L << s) - 1)) == 0) {
                    long group = sum[s];
                    sum[s] = 0;
                    best[s] = Math.min(best[s], group);
                    stable[s] = group <= 2 * best[s] ? stable[s] + 1 : 0;
                }
            }
        }

        /** True once the budget is spent, or the run {@link #settled}; at once when skipped. */
        public boolean done() {
            return skipped || System.nanoTime() - start >= bounds.maxNanos() || settled();
        }

        /**
         * True once enough samples ran and the speed is stable: the warm-up ended because the
         * JIT is done, not because its budget ran out.
         */
        public boolean settled() {
            if (samples < bounds.minSamples()) {
                return false;
            }
            for (int runOf : stable) {
                if (runOf >= STABLE_BLOCKS) {
                    return true;
                }
            }
            return false;
        }
    }
}
