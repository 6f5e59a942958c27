/**
 * FIR filtering of a stream with no latency: {@link dev.convstream.fir.PartitionedResponse} (an
 * impulse response cut into a direct head and FFT'd tail partitions, shared by every channel)
 * and {@link dev.convstream.fir.ZeroLatencyConvolver} (one channel's stream through it). The
 * one home of "convolve a signal with a long impulse response": NAM's Linear model
 * ({@link dev.convstream.model.Fir}) and the convolver plugin both run on it.
 *
 * <p>Uses {@code stream} (the direct head) and {@code fft} (the tail); nothing here knows about
 * models or plugins.
 */
package dev.convstream.fir;
