package dev.convstream.resample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.filter.WindowedSinc;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    @Test
    void findsTheReducedFractionOfTwoWholeRates() {
        assertEquals(new RateRatio(44_100, 16_000, 160, 441), RateRatio.of(44_100, 16_000));
        assertEquals(new RateRatio(48_000, 44_100, 147, 160), RateRatio.of(48_000, 44_100));
        assertEquals(new RateRatio(8_000, 16_000, 2, 1), RateRatio.of(8_000, 16_000));
        assertFalse(RateRatio.of(44_100, 47_999).isRational(), "47999/44100 needs 47999 branches");
        assertFalse(RateRatio.of(44_100, 44_100.5).isRational());
    }

    @Test
    void outputHasTheSamplesWhoseTimesFallInsideTheInput() {
        assertEquals(16_000, new Resampler(44_100, 16_000).outputLength(44_100));
        assertEquals(4, new Resampler(44_100, 16_000).outputLength(10)); // times 0, 2.76, 5.51, 8.27
        assertEquals(12, new Resampler(48_000, 44_100).outputLength(12)); // ceil(12 * 147 / 160) = ceil(11.03)
        assertEquals(147, new Resampler(48_000, 44_100).outputLength(160));
        assertEquals(0, new Resampler(8_000, 16_000).outputLength(0));
        Resampler odd = new Resampler(44_100, 47_999);
        assertEquals((int) Math.ceil(1000 * 47_999 / 44_100.0), odd.outputLength(1000));
        assertEquals(odd.outputLength(1000), odd.resample(new float[1000]).length);
    }

    /**
     * Output k is the signal at input time {@code k * in / out}: a 440 Hz sine comes out as the
     * same sine sampled at the new rate, phase and all (no leading delay), within the ripple.
     */
    @ParameterizedTest(name = "{0} -> {1} Hz")
    @CsvSource({"44100, 16000", "8000, 16000", "44100, 47999", "48000, 44100.5"})
    void outputSampleKSitsAtInputTimeKTimesInOverOut(double in, double out) {
        float[] x = new float[(int) in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * 440 * i / in + 0.3);
        }
        Resampler r = new Resampler(in, out);
        float[] y = r.resample(x);
        int edge = r.taps();
        for (int k = edge; k < y.length - edge; k++) {
            assertEquals(Math.sin(2 * Math.PI * 440 * k / out + 0.3), y[k], 2e-5, "sample " + k);
        }
    }

    /**
     * An independent reference: every output evaluated directly from the continuous prototype
     * ({@link WindowedSinc}) in double precision, {@code y[k] = sum_n x[n] h(k in/out - n)}, no
     * table. The tolerance, 1e-5 of full scale, covers the table's float storage and, for the
     * interpolated branches, the linear blend (about -120 dB, see {@code PolyphaseFilter}).
     */
    @ParameterizedTest(name = "{0} -> {1} Hz")
    @CsvSource({"44100, 16000", "48000, 44100", "8000, 16000", "44100, 47999", "44100, 62367.99"})
    void equalsTheDirectSumOverTheContinuousPrototype(double in, double out) {
        Resampler r = new Resampler(in, out);
        WindowedSinc h = r.design().prototype(in, out);
        float[] x = StreamingResamplerTest.noise(2_000, 7);
        float[] y = r.resample(x);
        for (int k = 0; k < y.length; k += 3) {
            double t = k * in / out;
            double sum = 0;
            for (int n = Math.max(0, (int) Math.floor(t - r.taps() / 2.0)); n <= Math.min(x.length - 1, t + r.taps() / 2.0); n++) {
                sum += x[n] * h.at(t - n);
            }
            assertEquals(sum, y[k], 1e-5, "sample " + k);
        }
    }

    @Test
    void keepsDcAtUnityGain() {
        for (double[] pair : new double[][] {{44_100, 16_000}, {8_000, 16_000}, {44_100, 47_999}}) {
            float[] x = new float[20_000];
            Arrays.fill(x, 0.5f);
            Resampler r = new Resampler(pair[0], pair[1]);
            float[] y = r.resample(x);
            for (int k = r.taps() * 2; k < y.length - r.taps() * 2; k++) {
                assertEquals(0.5, y[k], 5e-6, pair[0] + " -> " + pair[1] + " sample " + k);
            }
        }
    }

    @Test
    void refusesBadRatesAndDesignsByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Resampler(0, 16_000));
        assertTrue(e.getMessage().contains("sample rate must be positive"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Resampler(44_100, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ResamplerDesign(0.95, 0.9, 110));
        assertThrows(IllegalArgumentException.class, () -> new ResamplerDesign(0.9, 1.0, 10));
    }
}
