package dev.convstream.plugin;

/**
 * Whether a host runs a plugin against a clock (VST3's {@code kRealtime} / {@code kOffline}
 * process modes, JUCE's {@code isNonRealtime()}).
 *
 * <p>{@link #REALTIME}: blocks arrive at the audio device's pace and each must be done before its
 * deadline, so a plugin spends effort at {@code prepare} to make the first blocks fast (the JIT
 * warm-up of {@link WarmUp}). {@link #OFFLINE}: a file is rendered as fast as the machine goes and
 * no block has a deadline; the output must be the same, but work whose only purpose is meeting
 * deadlines is wasted time there (for a one-second file, most of the job).
 */
public enum ProcessingMode {
    /** Against the audio device's clock (live). The default. */
    REALTIME,
    /** No deadline: a file rendered as fast as possible ({@code convstream process}). */
    OFFLINE
}
