package dev.convstream.plugins.wavenet;

/**
 * How long a freshly built model runs on silence on the loading thread before it is handed to
 * the audio thread. Why: the Vector API kernels run tens of times slower until the JIT has
 * compiled them, so the first blocks of a model nobody has run yet would miss their deadline;
 * running them off the audio thread first gets the compilation done there. Both bounds apply:
 * whichever is reached first ends the warm-up (at least one block always runs).
 *
 * <p>Immutable: [thread-safe].
 *
 * @param maxSamples samples of silence to run at most, {@code >= 0}
 * @param maxNanos   wall-clock budget in nanoseconds, {@code >= 0}
 */
public record WarmUp(long maxSamples, long maxNanos) {

    /** One second of audio at 48 kHz or 300 ms of loading time, whichever comes first. */
    public static final WarmUp DEFAULT = new WarmUp(48_000, 300_000_000L);

    public WarmUp {
        if (maxSamples < 0 || maxNanos < 0) {
            throw new IllegalArgumentException(
                    "warm-up bounds must be >= 0, found maxSamples=" + maxSamples + " maxNanos=" + maxNanos);
        }
    }
}
