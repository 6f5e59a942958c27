package dev.convstream.live;

import java.util.Random;

/**
 * A guitar-like test signal: three Karplus-Strong strings plucked in turn at random times (every
 * 0.15 to 1 s), pitches (E2 to E5) and strengths, so the soak's amp model sees attacks, sustained
 * notes and quiet tails, as from a player. Deterministic for a seed.
 */
final class PluckedStrings {

    private static final int STRINGS = 3;

    private PluckedStrings() {
    }

    /** Fills {@code out} with the signal at {@code rate} Hz, peaks below 1. */
    static void fill(float[] out, int rate, long seed) {
        Random r = new Random(seed);
        int longest = (int) Math.ceil(rate / 80.0) + 2;
        float[][] line = new float[STRINGS][longest];
        int[] length = new int[STRINGS];
        int[] pos = new int[STRINGS];
        float[] damping = new float[STRINGS];
        int next = 0;
        int string = 0;
        for (int i = 0; i < out.length; i++) {
            if (i == next) {
                double midi = 40 + r.nextInt(37);
                double hz = 440 * Math.pow(2, (midi - 69) / 12);
                int n = (int) Math.round(rate / hz);
                double strength = 0.1 + 0.3 * r.nextDouble();
                double lp = 0;
                for (int k = 0; k < n; k++) {
                    lp += 0.5 * ((2 * r.nextDouble() - 1) - lp);
                    line[string][k] = (float) (strength * lp);
                }
                length[string] = n;
                pos[string] = 0;
                damping[string] = (float) (0.494 + 0.0055 * r.nextDouble());
                string = (string + 1) % STRINGS;
                next = i + (int) ((0.15 + 0.85 * r.nextDouble()) * rate);
            }
            float sum = 0;
            for (int s = 0; s < STRINGS; s++) {
                int n = length[s];
                if (n == 0) {
                    continue;
                }
                float[] d = line[s];
                int p = pos[s];
                int q = p + 1 == n ? 0 : p + 1;
                float y = d[p];
                d[p] = damping[s] * (y + d[q]);
                pos[s] = q;
                sum += y;
            }
            out[i] = sum;
        }
    }
}
