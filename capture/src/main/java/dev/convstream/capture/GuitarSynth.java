package dev.convstream.capture;

import java.util.Random;

/**
 * Guitar-like test input without a guitar: Karplus-Strong plucked strings (a burst of noise
 * circulating in a delay line one period long, averaged on every pass, so the high harmonics
 * die first as on a real string), strummed into a few chords and single notes. Deterministic:
 * the same seed gives the same samples.
 */
public final class GuitarSynth {

    /** Open-position chords and a riff, as string frequencies in Hz (low to high). */
    private static final double[][] PATTERN = {
            {82.41, 123.47, 164.81, 207.65, 246.94, 329.63}, // E major
            {110.00, 164.81, 220.00, 277.18, 329.63},        // A major
            {82.41},                                         // low E
            {98.00},                                         // G
            {110.00},                                        // A
            {146.83, 220.00, 293.66, 369.99},                // D major
            {82.41, 123.47, 164.81},                         // E5 power chord
            {82.41, 123.47, 164.81, 207.65, 246.94, 329.63}, // E major, let ring
    };

    /** Time between two strings of a strum: a quick down-stroke. */
    private static final double STRUM_SECONDS = 0.012;

    /** Loss per pass through the averaging filter; closer to 1 rings longer. */
    private static final double DECAY = 0.996;

    private GuitarSynth() {
    }

    /**
     * {@code seconds} of mono audio at {@code sampleRate}, peak {@code peak}: the pattern's
     * eight events spread evenly over the duration.
     */
    public static float[] render(int sampleRate, double seconds, double peak, long seed) {
        int n = (int) Math.round(seconds * sampleRate);
        if (n < 1) {
            throw new IllegalArgumentException("seconds must give at least one sample, found " + seconds);
        }
        double[] mix = new double[n];
        Random random = new Random(seed);
        double slot = seconds / PATTERN.length;
        for (int e = 0; e < PATTERN.length; e++) {
            double[] strings = PATTERN[e];
            for (int s = 0; s < strings.length; s++) {
                int start = (int) Math.round((e * slot + s * STRUM_SECONDS) * sampleRate);
                pluck(mix, start, sampleRate / strings[s], 0.8 + 0.2 * random.nextDouble(), random);
            }
        }
        double max = 0;
        for (double v : mix) {
            max = Math.max(max, Math.abs(v));
        }
        float[] out = new float[n];
        double scale = max > 0 ? peak / max : 0;
        for (int i = 0; i < n; i++) {
            out[i] = (float) (mix[i] * scale);
        }
        return out;
    }

    /** Adds one Karplus-Strong string of period {@code period} samples from {@code start} to the end. */
    static void pluck(double[] mix, int start, double period, double velocity, Random random) {
        int length = Math.max(2, (int) Math.round(period));
        double[] line = new double[length];
        double mean = 0;
        for (int i = 0; i < length; i++) {
            line[i] = random.nextDouble() * 2 - 1;
            mean += line[i];
        }
        mean /= length;
        for (int i = 0; i < length; i++) {
            line[i] = (line[i] - mean) * velocity; // no DC: a string at rest sits at zero
        }
        int pos = 0;
        for (int t = start; t < mix.length; t++) {
            int next = pos + 1 == length ? 0 : pos + 1;
            double y = line[pos];
            mix[t] += y;
            line[pos] = DECAY * 0.5 * (y + line[next]);
            pos = next;
        }
    }
}
