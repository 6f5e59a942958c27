/**
 * Streaming convolution: layers that take a signal block by block (or frame by frame) and give
 * the same result as the offline convolution of the whole signal, delayed by a declared latency.
 *
 * <p>Lifecycle, as in JUCE's {@code dsp} processors: construct (weights copied), {@code prepare}
 * (allocates everything), then {@code process} and {@code reset} any number of times, which
 * neither allocate, lock nor log. Only zero padding streams on the streamed axis; see
 * {@link dev.convstream.stream.StreamingConv1d} for the exact time-alignment rule.
 */
package dev.convstream.stream;
