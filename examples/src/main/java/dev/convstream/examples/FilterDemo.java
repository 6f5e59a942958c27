package dev.convstream.examples;

import dev.convstream.filter.FirDesign;
import dev.convstream.kernel.Kernels;
import dev.convstream.layer.Conv1d;
import dev.convstream.report.LayerReport;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.tensor.Tensor;

/**
 * The smallest useful convstream program: low-pass filter a signal with a designed FIR kernel
 * run as a {@link Conv1d} ('same' padding, so output sample t lines up with input sample t),
 * and measure what it did to a low tone and a high tone.
 */
public final class FilterDemo {

    /** What the demo measured; levels are tone amplitudes in dBFS. */
    public record Result(String kernels, LayerReport layer, int sampleRate, int samples, double seconds,
                         double lowToneInDb, double lowToneOutDb, double highToneInDb, double highToneOutDb) {

        /** Seconds of audio filtered per second of compute. */
        public double realTimeFactor() {
            return samples / (double) sampleRate / seconds;
        }
    }

    public static final int SAMPLE_RATE = 48_000;
    public static final double LOW_HZ = 220;
    public static final double HIGH_HZ = 6_000;
    public static final double CUTOFF_HZ = 2_000;
    public static final int TAPS = 101;

    private FilterDemo() {
    }

    public static Result run(Kernels kernels, double durationSeconds) {
        int n = (int) Math.round(durationSeconds * SAMPLE_RATE);
        float[] signal = twoTones(n);
        Conv1dSpec spec = Conv1dSpec.builder(1, 1, TAPS).same().bias(false).build();
        Conv1d filter = new Conv1d(spec, Tensor.wrap(FirDesign.lowPass(TAPS, CUTOFF_HZ / SAMPLE_RATE), 1, 1, TAPS), null, kernels);

        Tensor input = Tensor.wrap(signal, 1, 1, n);
        filter.forward(input); // warm the JIT so the timing below is of compiled code
        long start = System.nanoTime();
        Tensor output = filter.forward(input);
        double seconds = (System.nanoTime() - start) / 1e9;

        float[] out = output.data();
        return new Result(kernels.name(), filter.report(input.shape()), SAMPLE_RATE, n, seconds,
                toneDb(signal, LOW_HZ), toneDb(out, LOW_HZ), toneDb(signal, HIGH_HZ), toneDb(out, HIGH_HZ));
    }

    /** A 220 Hz tone at -6 dBFS plus a 6 kHz tone at -10.5 dBFS. */
    static float[] twoTones(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / (double) SAMPLE_RATE;
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * LOW_HZ * t) + 0.3 * Math.sin(2 * Math.PI * HIGH_HZ * t));
        }
        return x;
    }


    /**
     * Amplitude of the {@code hz} component in dBFS (single-bin DFT over the middle of the
     * signal, away from edge effects; the window spans whole periods of both tones).
     */
    static double toneDb(float[] x, double hz) {
        int len = SAMPLE_RATE / 10; // 100 ms: whole periods of 220 Hz (22) and 6 kHz (600)
        int from = (x.length - len) / 2;
        double re = 0;
        double im = 0;
        for (int i = 0; i < len; i++) {
            double phase = 2 * Math.PI * hz * (from + i) / SAMPLE_RATE;
            re += x[from + i] * Math.cos(phase);
            im += x[from + i] * Math.sin(phase);
        }
        double amplitude = 2 * Math.hypot(re, im) / len;
        return 20 * Math.log10(Math.max(amplitude, 1e-12));
    }
}
