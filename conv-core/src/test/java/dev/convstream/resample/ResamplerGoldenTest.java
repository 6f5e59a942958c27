package dev.convstream.resample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.features.io.Npy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Against {@code resample/generate_resample_golden.py}: the filter, designed there with
 * {@code scipy.signal.firwin} from the parameters {@code docs/resampler.md} states, and
 * {@code scipy.signal.resample_poly} with that filter.
 *
 * <p>Tolerances: the branches are the prototype's samples times {@code up}, within 2e-6 of the
 * largest tap (float32 storage is 6e-8 relative; the rest is the one edge tap at
 * {@code +taps/2} that scipy's odd-length filter has and the table leaves out, about 1e-7 of
 * the peak, and the normalisation it shifts). The outputs agree within 2e-6 for inputs of
 * standard deviation 0.3 (float32 sums of up to 428 products: about 1e-7 each).
 */
class ResamplerGoldenTest {

    @ParameterizedTest(name = "{0} -> {1} Hz")
    @CsvSource({"44100, 16000", "48000, 16000", "48000, 44100", "8000, 16000", "44100, 48000"})
    void branchesAreScipysFirwinAndOutputIsResamplePoly(int in, int out) throws IOException {
        String stem = in + "_" + out;
        float[] x = read(stem + "_x");
        float[] h = read(stem + "_h");
        float[] y = read(stem + "_y");
        Resampler r = new Resampler(in, out);
        int up = r.ratio().up();
        int taps = r.taps();
        assertEquals(taps * up + 1, h.length, "prototype length");
        int centre = taps * up / 2;
        double peak = 0;
        for (float v : h) {
            peak = Math.max(peak, Math.abs(v) * up);
        }
        for (int p = 0; p < up; p++) {
            float[] branch = r.branch(p);
            for (int i = 0; i < taps; i++) {
                double want = up * h[centre + p + up * (taps / 2 - 1 - i)];
                assertEquals(want, branch[i], 2e-6 * peak, "branch " + p + " tap " + i);
            }
        }
        float[] got = r.resample(x);
        assertEquals(y.length, got.length, "output length");
        double worst = 0;
        for (int k = 0; k < y.length; k++) {
            worst = Math.max(worst, Math.abs(got[k] - y[k]));
        }
        assertTrue(worst < 2e-6, stem + ": worst difference from resample_poly " + worst);
    }

    private static float[] read(String name) throws IOException {
        URL url = ResamplerGoldenTest.class.getResource("/resample/golden/" + name + ".npy");
        if (url == null) {
            throw new IllegalStateException("golden file resample/golden/" + name + ".npy missing: run generate_resample_golden.py");
        }
        try {
            return Npy.read(Path.of(url.toURI())).data();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
