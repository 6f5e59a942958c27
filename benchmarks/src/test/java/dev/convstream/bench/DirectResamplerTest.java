package dev.convstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convstream.resample.Resampler;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The benchmark's direct baseline computes what the polyphase resampler computes (so the speed
 * ratio in BENCHMARKS.md compares the same work): within 2e-6 for inputs of standard deviation
 * 0.3 (float sums of the same products in another order, and the table's normalisation).
 */
class DirectResamplerTest {

    @ParameterizedTest(name = "{0} -> {1} Hz")
    @CsvSource({"44100, 16000", "48000, 44100", "8000, 16000"})
    void directFirOfTheSameFilterGivesTheSameOutput(int in, int out) {
        Resampler r = new Resampler(in, out);
        DirectResampler direct = new DirectResampler(r);
        Random random = new Random(1);
        float[] x = new float[1_500];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 0.3);
        }
        float[] want = r.resample(x);
        float[] got = new float[want.length];
        direct.run(direct.stuff(x), got);
        for (int k = 0; k < want.length; k++) {
            assertEquals(want[k], got[k], 2e-6, "sample " + k);
        }
    }
}
