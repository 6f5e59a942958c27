/**
 * Audio files in and out, in one place: {@link dev.convstream.audio.AudioFileReader} decodes
 * at the file's own rate and channel count (Java Sound for WAV/AIFF/AU, ffmpeg for the rest),
 * {@link dev.convstream.audio.Downmix} and {@link dev.convstream.audio.Resampling} are the one
 * downmix/resample step, {@link dev.convstream.audio.PcmCodec} converts samples, and
 * {@link dev.convstream.audio.WavWriter} writes WAV files whole or not at all.
 */
package dev.convstream.audio;
