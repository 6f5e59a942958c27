/**
 * The convstream plugin contract: lifecycle ({@code prepare/process/reset}), parameters,
 * latency, state, resource swapping and the registry SPI. Depends on the JDK only, so
 * third-party plugins can build against it without pulling in the engine or a DI container.
 *
 * <h2>Threading contract</h2>
 * Every method carries one of three tags, after CLAP:
 * <ul>
 *   <li><b>[audio-thread]</b>: called only from the one thread that runs audio; must not
 *       allocate, lock, block, log or do I/O.</li>
 *   <li><b>[main-thread]</b>: called from one control thread at a time (the host serialises
 *       these calls); may allocate and block. Where a method also says "audio stopped", the
 *       host guarantees no {@code [audio-thread]} call runs concurrently.</li>
 *   <li><b>[thread-safe]</b>: may be called from any thread, concurrently with audio.</li>
 * </ul>
 *
 * <h2>Resources and crossfaded swaps</h2>
 * A model or impulse response is loaded and made ready (allocated, JIT-warmed, reset) on the
 * loading thread and handed to the audio thread at a block boundary by a
 * {@link dev.convstream.plugin.ResourceSlot}; a {@link dev.convstream.plugin.ResourceHolder}
 * wraps the lifecycle. A plugin that processes through {@code ResourceHolder.beginBlock} and
 * {@code render} gets every swap while audio plays crossfaded: both resources run on the same
 * input for {@value dev.convstream.plugin.ResourceHolder#CROSSFADE_SECONDS} s, mixed with an
 * equal-gain linear ramp (the outputs are correlated, so amplitudes add), with no allocation or
 * lock on the audio thread; a swap requested during a fade waits for it to end; a swap with
 * nothing playing (before the first block after {@code prepare} or {@code reset}) is immediate.
 * See {@code docs/resource-swaps.md}.
 *
 * <h2>Plugin discovery</h2>
 * A plugin jar lists its {@link dev.convstream.plugin.PluginProvider} in
 * {@code META-INF/services/dev.convstream.plugin.PluginProvider}; the host finds it with
 * {@link java.util.ServiceLoader} and registers the
 * {@link dev.convstream.plugin.AudioPluginFactory factories} it returns. Guice is the host's
 * wiring only: neither this package nor a plugin depends on it.
 */
package dev.convstream.plugin;
