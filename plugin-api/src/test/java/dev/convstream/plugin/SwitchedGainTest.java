package dev.convstream.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SwitchedGainTest {

    private static final ProcessSpec SPEC = new ProcessSpec(48_000, 64, 1);

    private static float[] ones() {
        float[] x = new float[64];
        Arrays.fill(x, 1f);
        return x;
    }

    @Test
    void onIsExactlyTheGainAndOffExactlyOne() {
        SwitchedGain s = new SwitchedGain();
        s.prepare(SPEC, true);
        float[] x = ones();
        s.advance(64, true);
        s.apply(0.3f, x, 0, 64);
        float[] expected = new float[64];
        Arrays.fill(expected, 0.3f);
        assertArrayEquals(expected, x);
        s.reset(false);
        x = ones();
        s.advance(64, false);
        s.apply(0.3f, x, 0, 64);
        assertArrayEquals(ones(), x);
    }

    /** Switched off: from g to 1 linearly over 20 ms (960 samples), each resource its own g. */
    @Test
    void flippingRampsOverTwentyMillisecondsForEveryGainAlike() {
        SwitchedGain s = new SwitchedGain();
        s.prepare(SPEC, true);
        for (int b = 0; b < 16; b++) {
            s.advance(64, false);
            float[] x = ones();
            float[] y = ones();
            s.apply(0.5f, x, 0, 64);
            s.apply(4f, y, 0, 64);
            for (int i = 0; i < 64; i++) {
                double on = Math.max(0, 1 - (b * 64 + i + 1) / 960.0);
                // the ramp accumulates a float step 960 times: ~1e-5 of drift at most
                assertEquals(1 - on + on * 0.5, x[i], 1e-5, "gain 0.5 at sample " + (b * 64 + i));
                assertEquals(1 - on + on * 4, y[i], 4e-5, "gain 4 at sample " + (b * 64 + i));
            }
        }
    }
}
