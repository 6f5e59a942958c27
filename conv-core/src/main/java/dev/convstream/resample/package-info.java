/**
 * Sample-rate conversion: {@link dev.convstream.resample.Resampler} (offline, a polyphase
 * Kaiser-windowed sinc, rational or arbitrary ratios), {@link dev.convstream.resample.StreamingResampler}
 * (block by block, the offline output shifted by a declared latency) and
 * {@link dev.convstream.resample.RateAdapter} (a block processor at one rate inside a stream at
 * another). Design, alignment and measured band: {@code docs/resampler.md}.
 */
package dev.convstream.resample;
