package dev.convstream.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultiResolutionStftLossTest {
    /**
     * The loss from its definition, in double, with a direct DFT: torch.stft's centred frames
     * (reflect padding), periodic Hann window centred in the frame, auraloss's SC + log-mag.
     */
    private static double naive(int[] ffts, int[] hops, int[] wins, double[] x, double[] y) {
        double total = 0;
        for (int r = 0; r < ffts.length; r++) {
            int n = ffts[r];
            int bins = n / 2 + 1;
            int frames = 1 + x.length / hops[r];
            double diff2 = 0;
            double y2 = 0;
            double log = 0;
            for (int t = 0; t < frames; t++) {
                for (int k = 0; k < bins; k++) {
                    double xr = 0, xi = 0, yr = 0, yi = 0;
                    for (int m = 0; m < n; m++) {
                        int left = (n - wins[r]) / 2;
                        int j = m - left;
                        double w = j >= 0 && j < wins[r] ? 0.5 - 0.5 * Math.cos(2 * Math.PI * j / wins[r]) : 0;
                        int i = t * hops[r] + m - n / 2;
                        i = i < 0 ? -i : i >= x.length ? 2 * (x.length - 1) - i : i;
                        double c = Math.cos(2 * Math.PI * k * m / n);
                        double s = -Math.sin(2 * Math.PI * k * m / n);
                        xr += w * x[i] * c;
                        xi += w * x[i] * s;
                        yr += w * y[i] * c;
                        yi += w * y[i] * s;
                    }
                    double xm = Math.sqrt(Math.max(xr * xr + xi * xi, 1e-8));
                    double ym = Math.sqrt(Math.max(yr * yr + yi * yi, 1e-8));
                    diff2 += (ym - xm) * (ym - xm);
                    y2 += ym * ym;
                    log += Math.abs(Math.log(xm) - Math.log(ym));
                }
            }
            total += Math.sqrt(diff2) / Math.sqrt(y2) + log / (frames * bins);
        }
        return total / ffts.length;
    }

    private static float[] noise(SplittableRandom random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    @Test
    void gradientMatchesCentralDifferencesOfTheDefinition() {
        int[] ffts = {16, 32};
        int[] hops = {4, 7};
        int[] wins = {12, 32};
        MultiResolutionStftLoss loss = new MultiResolutionStftLoss(ffts, hops, wins);
        SplittableRandom random = new SplittableRandom(17);
        int length = 45;
        float[] target = noise(random, length + 3);
        float[] pred = noise(random, length);
        float[] grad = new float[length];
        int batch = 2;
        double value = loss.segment(loss.scratch(length), pred, target, 3, length, 0, batch, grad);
        double[] y = new double[length];
        for (int i = 0; i < length; i++) {
            y[i] = target[3 + i];
        }
        double[] x = toDouble(pred);
        // the Java loss windows frames in float: relative differences of ~1e-7 per frame
        assertEquals(naive(ffts, hops, wins, x, y) / batch, value, 1e-6 * value);
        int checked = 0;
        for (int i = 0; i < length; i++) {
            double h = 1e-5;
            double keep = x[i];
            x[i] = keep + h;
            double up = naive(ffts, hops, wins, x, y);
            x[i] = keep - h;
            double down = naive(ffts, hops, wins, x, y);
            x[i] = keep;
            double numeric = (up - down) / (2 * h) / batch;
            // |log X - log Y| has kinks where X = Y; noise against noise never sits within h of
            // one, so the central difference is exact to O(h^2) ~ 1e-10 plus the Java side's
            // float frames (~1e-6 relative)
            assertEquals(numeric, grad[i], 2e-4 * Math.max(Math.abs(numeric), 1e-2), "sample " + i);
            checked++;
        }
        assertEquals(length, checked);
    }

    @Test
    void defaultResolutionsMatchTheDefinitionAndVanishOnAPerfectPrediction() {
        SplittableRandom random = new SplittableRandom(23);
        int length = 1200;
        float[] target = noise(random, length);
        float[] pred = target.clone();
        for (int i = 0; i < length; i++) {
            pred[i] += (float) (0.1 * random.nextDouble(-1, 1));
        }
        MultiResolutionStftLoss loss = new MultiResolutionStftLoss();
        TrainingLoss.Scratch scratch = loss.scratch(length);
        float[] grad = new float[length];
        double value = loss.segment(scratch, pred, target, 0, length, 0, 1, grad);
        double expected = naive(new int[] {1024, 2048, 512}, new int[] {120, 240, 50}, new int[] {600, 1200, 240},
                toDouble(pred), toDouble(target));
        assertEquals(expected, value, 1e-5 * expected);
        assertEquals(0.0, loss.segment(scratch, target, target, 0, length, 0, 1, grad), 0.0);
        for (float g : grad) {
            assertTrue(g == 0, "no gradient at the optimum");
        }
    }
}
