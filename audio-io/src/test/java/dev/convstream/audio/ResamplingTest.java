package dev.convstream.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.testing.ToneSpectrum;
import org.junit.jupiter.api.Test;

class ResamplingTest {

    /**
     * A 1 kHz sine resampled 44.1 kHz -> 16 kHz and 8 kHz -> 16 kHz is the same sine at the new
     * rate, sample 0 on sample 0. Away from the ends (the filter's half-length), the error is
     * the passband ripple (about 1e-5 dB) and float rounding: 2e-5 of full scale.
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
            for (int i = 300; i < y.length - 300; i++) {
                worst = Math.max(worst, Math.abs(y[i] - 0.5 * Math.sin(2 * Math.PI * 1000 * i / 16_000.0)));
            }
            assertTrue(worst < 2e-5, from + " Hz: worst error " + worst);
        }
    }

    /**
     * What issue 15 measured on the previous resampler (TarsosDSP's): 44.1 -> 16 kHz attenuated
     * 6.9, 7.3 and 7.6 kHz by 1.1, 5 and 13 dB; 8 -> 16 kHz left images at -60 dB. Now 6.9 and
     * 7.2 kHz (90% of the lower Nyquist, each moved to the nearest bin of the spectrum) are within 0.1 dB and the images below -100 dB.
     */
    @Test
    void keepsTheTopOfTheBandAndLeavesNoImages() {
        for (double want : new double[] {6_900, 7_200}) {
            double hz = Math.round(want * 8_192 / 16_000) * 16_000 / 8_192.0; // on a bin: no scalloping
            float[] y = Resampling.resample(sine(hz, 44_100, 44_100), 44_100, 16_000);
            ToneSpectrum s = new ToneSpectrum(y, 1_000, 8_192, 16_000);
            double gainDb = ToneSpectrum.db(s.amplitude(s.bin(hz)));
            assertTrue(Math.abs(gainDb) < 0.1, hz + " Hz: " + gainDb + " dB");
        }
        float[] y = Resampling.resample(sine(3_000, 8_000, 8_000), 8_000, 16_000);
        ToneSpectrum s = new ToneSpectrum(y, 1_000, 8_192, 16_000);
        double imageDb = ToneSpectrum.db(s.largestOutside(s.bin(3_000)));
        assertTrue(imageDb < -100, "image of 3 kHz at " + imageDb + " dB");
    }

    private static float[] sine(double hz, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
        }
        return x;
    }
}
