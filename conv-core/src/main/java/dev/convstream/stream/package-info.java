/**
 * Streaming convolution: layers that take a signal block by block (or frame by frame) and give
 * the same result as the offline convolution of the whole signal, delayed by a declared latency.
 *
 * <p>Lifecycle, as in JUCE's {@code dsp} processors: construct (weights and fixed shapes such as
 * frequency bins), {@code prepare(maxBlockSize)} (allocates everything; the argument is always
 * the maximum block size), then {@code process} and {@code reset} any number of times, which
 * neither allocate, lock nor log. Everything that steps through frames (the 2D streaming conv,
 * the streaming CNN, RTNeural models and their stages) is a
 * {@link dev.convstream.stream.FrameProcessor}. Only zero padding streams on the streamed axis; see
 * {@link dev.convstream.stream.StreamingConv1d} for the exact time-alignment rule.
 */
package dev.convstream.stream;
