package dev.convstream.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResamplingTest {

    /**
     * A 1 kHz sine, well inside both bands, resampled 44.1 kHz -> 16 kHz and 8 kHz -> 16 kHz is
     * the same sine at the new rate. Away from the ends (the filter's half-length), the error
     * is libresample's passband ripple and interpolation error: 2e-3 of full scale is loose
     * for its high-quality mode but catches a wrong ratio or a shift.
     */
    @Test
    void resampledSineIsTheSameSine() {
        for (int from : new int[] {44_100, 8_000}) {
            float[] x = new float[from];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / from));
            }
            float[] y = Resampling.resample(x, from, 16_000);
            assertEquals(16_000, y.length);
            double worst = 0;
            for (int i = 200; i < y.length - 200; i++) {
                worst = Math.max(worst, Math.abs(y[i] - 0.5 * Math.sin(2 * Math.PI * 1000 * i / 16_000.0)));
            }
            assertTrue(worst < 2e-3, from + " Hz: worst error " + worst);
        }
    }

}
