package dev.convstream.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.capture.CaptureAlignment;
import dev.convstream.capture.CaptureLayout;
import dev.convstream.capture.CaptureReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticPedalTest {

    private static final int RATE = 48_000;

    /** The example run as a user runs it: its recording passes every check, 5 samples late. */
    @Test
    void mainRecordsTheCaptureSignalAndTheRecordingPassesTheChecks(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("capture.wav");
        Path recorded = dir.resolve("recorded.wav");
        SyntheticPedal.main(new String[] {input.toString(), recorded.toString()});
        assertTrue(Files.isRegularFile(input) && Files.isRegularFile(recorded));
        CaptureReport r = CaptureAlignment.check(input, recorded, OptionalInt.empty());
        // every stage's impulse response peaks at its first sample: the correlation peaks at the
        // latency itself; the tone filter's group delay (low frequencies: b / (1 - b) = 0.52
        // samples at 3 kHz) moves the sub-sample estimate later, alike at both blips
        assertEquals(SyntheticPedal.LATENCY_SAMPLES + 0.25, r.startLatency(), 0.25);
        assertEquals(r.startLatency(), r.endLatency(), 0.02);
        assertEquals(SyntheticPedal.LATENCY_SAMPLES - CaptureAlignment.SAFETY_SAMPLES, r.aligned().latencySamples());
        assertEquals(CaptureLayout.CURRENT.version(), r.aligned().signalVersion());
        assertTrue(r.recordedPeakDb() < -1 && r.recordedPeakDb() > -12, "peak " + r.recordedPeakDb());
    }

    @Test
    void theRecordingIsTheOutputFiveSamplesLate() {
        float[] x = new float[1_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(i * 0.05));
        }
        float[] wet = SyntheticPedal.process(x, RATE);
        float[] rec = SyntheticPedal.record(x, RATE);
        for (int i = 0; i < SyntheticPedal.LATENCY_SAMPLES; i++) {
            assertEquals(0f, rec[i]);
        }
        for (int i = 0; i + SyntheticPedal.LATENCY_SAMPLES < x.length; i++) {
            assertEquals(wet[i], rec[i + SyntheticPedal.LATENCY_SAMPLES]);
        }
    }

    /**
     * At -80 dBFS the clipper is linear (tanh(u) = u within 1e-8 relative), so a sine comes out
     * scaled by the small-signal response, computed here in the frequency domain from the
     * stages' transfer functions: 0.5 DRIVE |1 - 0.6 z^-1| |(1 - b) / (1 - b z^-1)|.
     */
    @Test
    void smallSignalsFollowThePreEmphasisAndToneFilterResponse() {
        double b = Math.exp(-2 * Math.PI * SyntheticPedal.TONE_HZ / RATE);
        for (double hz : new double[] {100, 1_000, 3_000, 8_000}) {
            double w = 2 * Math.PI * hz / RATE;
            double pre = Math.hypot(1 - 0.6 * Math.cos(w), 0.6 * Math.sin(w));
            double tone = (1 - b) / Math.hypot(1 - b * Math.cos(w), b * Math.sin(w));
            double expected = SyntheticPedal.OUTPUT_LEVEL * SyntheticPedal.DRIVE * pre * tone;
            int n = RATE;
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (1e-4 * Math.sin(w * i));
            }
            float[] y = SyntheticPedal.process(x, RATE);
            // amplitude from the last half second (the filters have settled): rms * sqrt(2)
            double sum = 0;
            for (int i = n / 2; i < n; i++) {
                sum += (double) y[i] * y[i];
            }
            double gain = Math.sqrt(2 * sum / (n / 2)) / 1e-4;
            // float samples of 1e-4 carry 1e-7 relative rounding; the rms over whole periods is exact to 1e-3
            assertEquals(expected, gain, 1e-3 * expected, hz + " Hz");
        }
    }

    @Test
    void theClipperIsAsymmetric() {
        float[] up = new float[2_000];
        float[] down = new float[2_000];
        java.util.Arrays.fill(up, 1f);
        java.util.Arrays.fill(down, -1f);
        // a constant drives the clipper with 1.6 (after the first sample): tanh(1.6) up, 0.5 tanh(-3.2) down
        float yUp = SyntheticPedal.process(up, RATE)[1_999];
        float yDown = SyntheticPedal.process(down, RATE)[1_999];
        assertEquals(SyntheticPedal.OUTPUT_LEVEL * Math.tanh(1.6), yUp, 1e-6);
        assertEquals(SyntheticPedal.OUTPUT_LEVEL * 0.5 * Math.tanh(-3.2), yDown, 1e-6);
    }
}
