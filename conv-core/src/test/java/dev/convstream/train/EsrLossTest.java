package dev.convstream.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EsrLossTest {
    /** The loss written directly from its definition, in double: pre-emphasise both, pool over the batch. */
    private static double naive(double c, float[][] pred, float[][] target, int length) {
        double num = 0;
        double den = 0;
        for (int b = 0; b < pred.length; b++) {
            for (int n = 1; n < length; n++) {
                double fp = pred[b][n] - c * pred[b][n - 1];
                double ft = target[b][n] - c * target[b][n - 1];
                num += (fp - ft) * (fp - ft);
                den += ft * ft;
            }
        }
        return num / den;
    }

    private static double batchLoss(EsrLoss loss, float[][] pred, float[][] target, int length, float[][] grad) {
        double energy = 0;
        for (float[] t : target) {
            energy += loss.targetEnergy(t, 0, length);
        }
        double sum = 0;
        for (int b = 0; b < pred.length; b++) {
            sum += loss.segment(TrainingLoss.NO_SCRATCH, pred[b], target[b], 0, length, energy, pred.length, grad[b]);
        }
        return sum;
    }

    @Test
    void valueAndGradientMatchTheDefinitionAndFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(11);
        int batch = 3;
        int length = 37;
        float[][] pred = new float[batch][length];
        float[][] target = new float[batch][length];
        for (int b = 0; b < batch; b++) {
            for (int n = 0; n < length; n++) {
                target[b][n] = (float) random.nextDouble(-1, 1);
                pred[b][n] = target[b][n] + (float) random.nextDouble(-0.3, 0.3);
            }
        }
        for (double c : new double[] {0, 0.85}) {
            EsrLoss loss = new EsrLoss(c);
            float[][] grad = new float[batch][length];
            double value = batchLoss(loss, pred, target, length, grad);
            // the same sums in another order: double rounding only
            assertEquals(naive(c, pred, target, length), value, 1e-12);
            // central differences of the (quadratic) naive loss in double: exact up to rounding
            // of the step h = 1e-3 applied to a float, so 1e-4 relative covers it
            for (int b = 0; b < batch; b++) {
                for (int n = 0; n < length; n++) {
                    float keep = pred[b][n];
                    float h = 1e-3f;
                    pred[b][n] = keep + h;
                    double up = naive(c, pred, target, length);
                    pred[b][n] = keep - h;
                    double down = naive(c, pred, target, length);
                    pred[b][n] = keep;
                    double numeric = (up - down) / ((double) (keep + h) - (keep - h));
                    assertEquals(numeric, grad[b][n], 1e-4 * Math.max(1e-3, Math.abs(numeric)),
                            "c=" + c + " segment " + b + " sample " + n);
                }
            }
        }
    }

    @Test
    void aSilentSegmentDoesNotSwampTheBatch() {
        // one segment of silence with a small error: pooled ESR stays the batch's ratio
        float[][] target = {{0.5f, -0.5f, 0.5f, -0.5f}, {0, 0, 0, 0}};
        float[][] pred = {{0.5f, -0.5f, 0.5f, -0.5f}, {0, 0.001f, 0, 0}}; // sample 0 has no predecessor: the pre-emphasised signals start at 1
        double value = batchLoss(new EsrLoss(0), pred, target, 4, new float[2][4]);
        assertEquals(1e-6 / 0.75, value, 1e-12);
    }

    @Test
    void plainEsrIsErrorEnergyOverTargetEnergy() {
        float[] y = {1, -1, 1, -1};
        float[] p = {1.1f, -1, 1, -0.9f};
        double expected = (0.1 * 0.1 + 0.1 * 0.1) / 4;
        assertEquals(expected, EsrLoss.esr(p, 0, y, 0, 4), 1e-7);
        assertTrue(EsrLoss.esr(y, 0, y, 0, 4) == 0);
    }
}
