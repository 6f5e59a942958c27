package dev.convstream.plugins.gain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.ProcessSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GainPluginTest {

    private static final ProcessSpec SPEC = new ProcessSpec(48_000, 4800, 2);

    @Test
    void minusSixDbHalvesTheAmplitude() {
        GainPlugin g = new GainPlugin();
        g.parameters().get("db").set(-6.0206);
        g.prepare(SPEC);
        float[][] x = {ones(10), ones(10)};
        g.process(AudioBlock.wrap(x, 10));
        // 10^(-6.0206/20) = 0.50000; tolerance covers the 4-decimal dB figure and float rounding.
        for (float[] ch : x) {
            for (float v : ch) {
                assertEquals(0.5f, v, 1e-5);
            }
        }
    }

    @Test
    void gainChangeRampsOverTwentyMillisecondsWithoutAJump() {
        GainPlugin g = new GainPlugin();
        g.prepare(SPEC);
        g.parameters().get("db").set(-80);
        int ramp = (int) Math.round(SPEC.sampleRate() * dev.convstream.plugin.SmoothedValue.DEFAULT_RAMP_SECONDS);
        float[][] x = {ones(ramp + 100), ones(ramp + 100)};
        g.process(AudioBlock.wrap(x, ramp + 100));
        float maxStep = 0;
        for (int i = 1; i < x[0].length; i++) {
            maxStep = Math.max(maxStep, Math.abs(x[0][i] - x[0][i - 1]));
        }
        // A linear ramp from 1 to 1e-4 over 960 samples moves ~1/960 per sample.
        assertTrue(maxStep < 1.1f / ramp, "largest sample-to-sample step " + maxStep);
        assertEquals(1e-4f, x[0][ramp + 50], 1e-7);
        assertEquals(x[0][ramp - 1], x[1][ramp - 1], 0, "both channels share the ramp");
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 1f);
        return a;
    }
}
