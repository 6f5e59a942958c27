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
 * {@code maxNanos} whatever happens. The plugin drives the loop (it knows what signal and block
 * sizes reach every code path); {@link #start} keeps the count. Immutable: [thread-safe].
 *
 * @param minSamples samples to run before stability is checked, {@code >= 0}
 * @param maxNanos   wall-clock budget in nanoseconds, {@code >= 0}
 */
public record WarmUp(long minSamples, long maxNanos) {

    /** Timed blocks in a row that must run within twice the best time for the speed to count as stable. */
    public static final int STABLE_BLOCKS = 20;

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
        private long best = Long.MAX_VALUE;
        private int stable;
        private final boolean skipped;

        private Run(WarmUp bounds, long start, boolean skipped) {
            this.bounds = bounds;
            this.start = start;
            this.skipped = skipped;
        }

        /** Counts {@code frames} more samples run (timed or not). */
        public void ran(int frames) {
            samples += frames;
        }

        /** Counts one timed block (or group of blocks) that took {@code nanos}. */
        public void timed(long nanos) {
            best = Math.min(best, nanos);
            stable = nanos <= 2 * best ? stable + 1 : 0;
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
            return samples >= bounds.minSamples() && stable >= STABLE_BLOCKS;
        }
    }
}
