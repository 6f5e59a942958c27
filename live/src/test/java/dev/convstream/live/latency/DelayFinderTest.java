package dev.convstream.live.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DelayFinderTest {

    /** The naive cross-correlation's argmax, the reference. */
    private static int naiveLag(float[] played, float[] rec, int maxLag) {
        int best = 0;
        double bestC = -1;
        for (int lag = 0; lag <= maxLag; lag++) {
            double c = 0;
            for (int n = 0; n < played.length && n + lag < rec.length; n++) {
                c += rec[n + lag] * played[n];
            }
            if (Math.abs(c) > bestC) {
                bestC = Math.abs(c);
                best = lag;
            }
        }
        return best;
    }

    @Test
    void findsADelayedAttenuatedNoisyCopyOfTheProbe() {
        float[] probe = ProbeSignal.create(16_000);
        int delay = 3_217;
        Random r = new Random(3);
        float[] rec = new float[probe.length + 8_000];
        for (int i = 0; i < rec.length; i++) {
            rec[i] = (float) (0.05 * r.nextGaussian());
        }
        for (int i = 0; i < probe.length; i++) {
            rec[i + delay] += -0.3f * probe[i]; // attenuated and inverted: |c| still peaks there
        }
        DelayFinder.Delay d = DelayFinder.find(probe, rec, 8_000);
        assertEquals(delay, d.frames());
        assertEquals(-0.3, d.peak(), 0.01, "echo gain");
        assertTrue(d.prominence() > LatencyMeasurement.MIN_PROMINENCE, "prominence " + d.prominence());
    }

    @Test
    void agreesWithTheNaiveCorrelationOnRandomSignals() {
        Random r = new Random(5);
        for (int trial = 0; trial < 5; trial++) {
            float[] played = new float[300];
            float[] rec = new float[700];
            for (int i = 0; i < played.length; i++) {
                played[i] = (float) r.nextGaussian();
            }
            int lag = r.nextInt(400);
            for (int i = 0; i < rec.length; i++) {
                rec[i] = (float) (0.5 * r.nextGaussian());
            }
            for (int i = 0; i < played.length; i++) {
                rec[i + lag] += played[i];
            }
            assertEquals(naiveLag(played, rec, 400), DelayFinder.find(played, rec, 400).frames());
        }
    }

    @Test
    void noiseAloneHasNoProminentPeak() {
        float[] probe = ProbeSignal.create(16_000);
        Random r = new Random(9);
        float[] rec = new float[probe.length + 8_000];
        for (int i = 0; i < rec.length; i++) {
            rec[i] = (float) (0.1 * r.nextGaussian());
        }
        assertTrue(DelayFinder.find(probe, rec, 8_000).prominence() < LatencyMeasurement.MIN_PROMINENCE);
    }

    @Test
    void oneLostSweepStillLeavesTheTrueDelayOnTop() {
        float[] probe = ProbeSignal.create(16_000);
        float[] rec = new float[probe.length + 4_000];
        int delay = 1_000;
        int lostFrom = (int) (ProbeSignal.STARTS[0] * 16_000);
        int lostTo = lostFrom + (int) (ProbeSignal.SWEEP_SECONDS * 16_000);
        for (int i = 0; i < probe.length; i++) {
            rec[i + delay] = i >= lostFrom && i < lostTo ? 0f : probe[i];
        }
        assertEquals(delay, DelayFinder.find(probe, rec, 4_000).frames());
    }
}
