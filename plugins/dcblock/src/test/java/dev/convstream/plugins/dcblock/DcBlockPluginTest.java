package dev.convstream.plugins.dcblock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.ProcessSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DcBlockPluginTest {

    private static final double FS = 48_000;

    @Test
    void constantOffsetDecaysToZero() {
        DcBlockPlugin p = new DcBlockPlugin(); // cutoff 10 Hz: time constant 16 ms
        int n = 48_000;
        p.prepare(new ProcessSpec(FS, n, 1));
        float[][] x = {new float[n]};
        Arrays.fill(x[0], 0.5f);
        p.process(AudioBlock.wrap(x, n));
        assertEquals(0.5f, x[0][0], 0, "the first sample passes (the step itself)");
        // After 1 s = 63 time constants the residue is 0.5 * e^-63: zero in float.
        assertEquals(0f, x[0][n - 1], 1e-7);
    }

    @Test
    void sineAmplitudeFollowsTheAnalyticOnePoleResponse() {
        for (double fc : new double[] {1, 10, 100, 200}) {
            for (double f : new double[] {20, 100, 1000}) {
                double measured = steadyStateGain(fc, f);
                double expected = analyticGain(fc, f);
                // Peak picking on a 48 kHz sine can miss the true peak by cos(pi f / fs) at most:
                // 1 - cos(pi 1000/48000) = 2.1e-3 relative at 1 kHz.
                assertEquals(expected, measured, 2.5e-3 * expected, "cutoff " + fc + " Hz, sine " + f + " Hz");
            }
        }
    }

    private static double steadyStateGain(double fc, double f) {
        DcBlockPlugin p = new DcBlockPlugin();
        p.parameters().get("cutoff").set(fc);
        int n = 96_000;
        p.prepare(new ProcessSpec(FS, n, 1));
        float[][] x = {new float[n]};
        for (int i = 0; i < n; i++) {
            x[0][i] = (float) Math.sin(2 * Math.PI * f * i / FS);
        }
        p.process(AudioBlock.wrap(x, n));
        double peak = 0;
        for (int i = n / 2; i < n; i++) { // after the transient: 1 s is 6 time constants at the lowest cutoff (1 Hz)
            peak = Math.max(peak, Math.abs(x[0][i]));
        }
        return peak;
    }

    /** |H(e^jw)| for H(z) = (1 - z^-1) / (1 - R z^-1). */
    private static double analyticGain(double fc, double f) {
        double r = Math.exp(-2 * Math.PI * fc / FS);
        double w = 2 * Math.PI * f / FS;
        double numRe = 1 - Math.cos(w);
        double numIm = Math.sin(w);
        double denRe = 1 - r * Math.cos(w);
        double denIm = r * Math.sin(w);
        return Math.hypot(numRe, numIm) / Math.hypot(denRe, denIm);
    }
}
