package dev.convstream.audio;

import dev.convstream.check.Require;
import dev.convstream.resample.Resampler;

/**
 * Whole-signal sample-rate conversion for files: conv-core's {@link Resampler} (polyphase
 * Kaiser-windowed sinc, flat within 0.1 dB to 90% of the lower Nyquist, aliases and images
 * below -100 dB; {@code docs/resampler.md}). Output sample {@code k} sits at input time
 * {@code k * from / to}, with no leading delay, so features line up with the file's time.
 */
public final class Resampling {
    private Resampling() {
    }

    /** Samples {@code x} taken at {@code from} Hz again at {@code to} Hz: {@code ceil(n * to / from)} samples. */
    public static float[] resample(float[] x, int from, int to) {
        Require.atLeastOne("source sample rate", from);
        Require.atLeastOne("target sample rate", to);
        if (from == to) {
            return x.clone();
        }
        return new Resampler(from, to).resample(x);
    }
}
