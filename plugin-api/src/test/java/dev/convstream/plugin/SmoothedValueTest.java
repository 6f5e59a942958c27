package dev.convstream.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmoothedValueTest {

    @Test
    void rampsLinearlyToTheTargetOverTheRampLength() {
        SmoothedValue v = new SmoothedValue(0f);
        v.prepare(1000, 0.004); // 4 samples
        v.setTarget(1f);
        // Tolerance 1e-6: accumulating a float step of 0.25 is exact; the margin is for safety.
        assertEquals(0.25f, v.next(), 1e-6);
        assertEquals(0.5f, v.next(), 1e-6);
        assertEquals(0.75f, v.next(), 1e-6);
        assertTrue(v.isSmoothing());
        assertEquals(1f, v.next(), 0); // the last step lands exactly on the target
        assertFalse(v.isSmoothing());
        assertEquals(1f, v.next(), 0);
    }

    @Test
    void unchangedTargetStartsNoRamp() {
        SmoothedValue v = new SmoothedValue(0.5f);
        v.prepare(48_000, 0.02);
        v.setTarget(0.5f);
        assertFalse(v.isSmoothing());
    }

    @Test
    void applyGainMultipliesByTheRampThenByTheTarget() {
        SmoothedValue v = new SmoothedValue(1f);
        v.prepare(1000, 0.002); // 2 samples
        v.setTarget(0f);
        float[] a = {9, 1, 1, 1, 1};
        v.applyGain(a, 1, 4);
        assertEquals(9f, a[0], 0); // outside the range: untouched
        assertEquals(0.5f, a[1], 1e-6);
        assertEquals(0f, a[2], 0);
        assertEquals(0f, a[4], 0);
    }

    @Test
    void setCurrentAndTargetJumpsWithoutRamp() {
        SmoothedValue v = new SmoothedValue(0f);
        v.prepare(48_000, 0.02);
        v.setTarget(1f);
        v.setCurrentAndTarget(0.25f);
        assertFalse(v.isSmoothing());
        assertEquals(0.25f, v.next(), 0);
    }

    @Test
    void blockGainRampsOneValuePerFrameSharedByEveryChannel() {
        SmoothedValue v = new SmoothedValue(1f);
        v.prepare(4, 1); // a ramp of 4 samples
        v.setTarget(0f);
        float[][] x = {{9, 1, 1, 1, 1, 1, 1}, {9, 2, 2, 2, 2, 2, 2}};
        v.applyGain(new AudioBlock().set(x, 1, 6));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {9, 0.75f, 0.5f, 0.25f, 0, 0, 0}, x[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {9, 1.5f, 1f, 0.5f, 0, 0, 0}, x[1]);
    }
}
