package dev.convstream.plugins.convolver;

import dev.convstream.plugin.SampleRates;
import dev.convstream.resample.Resampler;

/**
 * An impulse response as read from a file: one tap array per channel (tap 0 is the response
 * at time 0, the first sample of the file), all of the same length, and its sample rate.
 *
 * <p>Immutable after construction (the arrays are not exposed for writing): [thread-safe].
 *
 * @param source     the path it was read from, for messages and state
 * @param channels   taps per channel, at least one channel of at least one tap
 * @param sampleRate Hz
 */
public record ImpulseResponse(String source, float[][] channels, double sampleRate) {

    public ImpulseResponse {
        if (channels == null || channels.length == 0 || channels[0].length == 0) {
            throw new IllegalArgumentException("impulse response " + source + " has no samples");
        }
        float[][] copy = new float[channels.length][];
        for (int c = 0; c < channels.length; c++) {
            if (channels[c].length != channels[0].length) {
                throw new IllegalArgumentException("impulse response " + source + ": channel " + c + " has "
                        + channels[c].length + " taps, channel 0 has " + channels[0].length);
            }
            copy[c] = channels[c].clone();
        }
        channels = copy;
    }

    /**
     * This response at {@code rate} Hz: itself when the rates are the same
     * ({@link SampleRates#same}), else every channel resampled with conv-core's offline
     * {@link Resampler} and scaled by {@code sampleRate / rate}, so that the filter keeps its
     * frequency response (gain included: a response sampled more densely has more taps summing to
     * the same DC gain). Tap 0 stays at time 0, so the convolver stays without latency; the
     * resampling filter's ringing before time 0 (its half length, for a response that starts
     * at full level on its first sample) is dropped. [main-thread: allocates]
     */
    public ImpulseResponse atRate(double rate) {
        if (SampleRates.same(sampleRate, rate)) {
            return this;
        }
        Resampler resampler = new Resampler(sampleRate, rate);
        float scale = (float) (sampleRate / rate);
        float[][] out = new float[channels.length][];
        for (int c = 0; c < channels.length; c++) {
            out[c] = resampler.resample(channels[c]);
            for (int i = 0; i < out[c].length; i++) {
                out[c][i] *= scale;
            }
        }
        return new ImpulseResponse(source, out, rate);
    }

    /** Number of channels. */
    public int channelCount() {
        return channels.length;
    }

    /** Taps per channel. */
    public int length() {
        return channels[0].length;
    }

    /** The taps of channel {@code c} (a copy). */
    public float[] channel(int c) {
        return channels[c].clone();
    }

    /** {@code sum_i |h[i]|}, the largest over channels: the most a full-scale input can reach. */
    public double l1Norm() {
        double max = 0;
        for (float[] h : channels) {
            double s = 0;
            for (float v : h) {
                s += Math.abs(v);
            }
            max = Math.max(max, s);
        }
        return max;
    }

    /** {@code sqrt(sum_i h[i]^2)}, the largest over channels: the gain for white noise. */
    public double l2Norm() {
        double max = 0;
        for (float[] h : channels) {
            double s = 0;
            for (float v : h) {
                s += (double) v * v;
            }
            max = Math.max(max, s);
        }
        return Math.sqrt(max);
    }

    @Override
    public float[][] channels() {
        float[][] copy = new float[channels.length][];
        for (int c = 0; c < channels.length; c++) {
            copy[c] = channels[c].clone();
        }
        return copy;
    }
}
