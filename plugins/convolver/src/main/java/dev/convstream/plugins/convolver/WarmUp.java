package dev.convstream.plugins.convolver;

/**
 * How long a freshly built convolution engine runs on a test signal on the loading thread
 * before it is handed to the audio thread: the head's Vector API GEMM runs tens of times slower
 * until the JIT's optimising compiler has compiled it. The warm-up runs at least
 * {@code minSamples}, then until the speed is stable (20 host-size blocks in a row within twice
 * the fastest), and stops at {@code maxNanos} whatever happens. At least one block always runs.
 *
 * <p>Immutable: [thread-safe].
 *
 * @param minSamples samples to run before stability is checked, {@code >= 0}
 * @param maxNanos   wall-clock budget in nanoseconds, {@code >= 0}
 */
public record WarmUp(long minSamples, long maxNanos) {

    /** One second of audio at 48 kHz, then until stable, at most 3 s. */
    public static final WarmUp DEFAULT = new WarmUp(48_000, 3_000_000_000L);

    public WarmUp {
        if (minSamples < 0 || maxNanos < 0) {
            throw new IllegalArgumentException(
                    "warm-up bounds must be >= 0, found minSamples=" + minSamples + " maxNanos=" + maxNanos);
        }
    }
}
