package dev.convstream.plugins.wavenet;

/**
 * How long a freshly built model runs on a test signal on the loading thread before it is
 * handed to the audio thread. Why: the Vector API kernels run tens to thousands of times slower
 * until the JIT's optimising compiler has compiled them, and on a busy machine that compilation
 * itself takes seconds; the first blocks of a model nobody has run yet would miss their
 * deadline. Running it off the audio thread first gets the compilation done there.
 *
 * <p>The warm-up runs at least {@code minSamples}, then goes on until the model's speed is
 * stable ({@link #STABLE_BLOCKS} full blocks in a row within twice the fastest seen), and stops
 * at {@code maxNanos} whatever happens. At least one block always runs.
 *
 * <p>Immutable: [thread-safe].
 *
 * @param minSamples samples to run before stability is checked, {@code >= 0}
 * @param maxNanos   wall-clock budget in nanoseconds, {@code >= 0}
 */
public record WarmUp(long minSamples, long maxNanos) {

    /** Full blocks in a row that must run within twice the best time for the speed to count as stable. */
    public static final int STABLE_BLOCKS = 20;

    /**
     * One second of audio at 48 kHz, then until stable, at most 10 s. Measured with NAM's A1
     * standard model on the busy 2-core build machine (blocks of 256, 5.3 ms of audio each):
     * with no warm-up, or with a fixed 0.3 s or 1.5 s one, the first blocks still took
     * 0.1-1 s each; the compiled code arrived after 2-5 s of warm-up, after which blocks take
     * ~0.2 ms. Tiny models are stable within milliseconds.
     */
    public static final WarmUp DEFAULT = new WarmUp(48_000, 10_000_000_000L);

    public WarmUp {
        if (minSamples < 0 || maxNanos < 0) {
            throw new IllegalArgumentException(
                    "warm-up bounds must be >= 0, found minSamples=" + minSamples + " maxNanos=" + maxNanos);
        }
    }
}
