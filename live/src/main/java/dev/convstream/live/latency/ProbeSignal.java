package dev.convstream.live.latency;

/**
 * The test signal of a latency measurement: three exponential sine sweeps (100 Hz to 10 kHz,
 * or 0.45 of the rate if lower, 0.25 s each, half-cosine fades) at -6 dBFS, starting 0.25 s, 0.7 s
 * and 1.3 s in. A sweep rather than a click: it carries thousands of times more energy at the
 * same peak level, so its cross-correlation peak stands far above the noise of a device, and it
 * is still about one sample wide. Three, with unequal gaps (0.45 s, 0.6 s): at the true delay all
 * three line up, at any other delay at most one does, so a dropout that hides one sweep still
 * leaves the true delay the highest peak (two against one).
 */
final class ProbeSignal {

    static final double SWEEP_SECONDS = 0.25;
    static final double[] STARTS = {0.25, 0.7, 1.3};
    static final double TOTAL_SECONDS = 1.8;
    private static final double LEVEL = 0.5;
    private static final double F0 = 100;

    private ProbeSignal() {
    }

    static float[] create(double sampleRate) {
        float[] s = new float[(int) Math.round(TOTAL_SECONDS * sampleRate)];
        int n = (int) Math.round(SWEEP_SECONDS * sampleRate);
        double f1 = Math.min(10_000, 0.45 * sampleRate);
        double k = Math.log(f1 / F0);
        int fade = Math.max(1, n / 20);
        for (double start : STARTS) {
            int s0 = (int) Math.round(start * sampleRate);
            for (int i = 0; i < n; i++) {
                double t = i / sampleRate;
                double phase = 2 * Math.PI * F0 * SWEEP_SECONDS / k * (Math.exp(t / SWEEP_SECONDS * k) - 1);
                double w = i < fade ? 0.5 - 0.5 * Math.cos(Math.PI * i / fade)
                        : i >= n - fade ? 0.5 - 0.5 * Math.cos(Math.PI * (n - 1 - i) / fade) : 1;
                s[s0 + i] = (float) (LEVEL * w * Math.sin(phase));
            }
        }
        return s;
    }
}
