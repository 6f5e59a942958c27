package dev.convstream.train;

import dev.convstream.check.Require;

/**
 * Error-to-signal ratio of the pre-emphasised signals, pooled over the batch:
 * {@code sum_b sum_n (e_b[n] - c e_b[n-1])^2 / sum_b sum_n (y_b[n] - c y_b[n-1])^2} with
 * {@code e = prediction - target}, {@code c} the pre-emphasis coefficient (NAM's
 * {@code apply_pre_emphasis_filter}: {@code x[1:] - c x[:-1]}, applied to prediction and target
 * alike, so to their difference; NAM's trainer uses c = 0.85) and n from 1 (the filtered signal is
 * one sample shorter).
 *
 * <p>NAM's {@code esr} averages one ratio per segment; a random segment of a capture's silence
 * has a denominator near zero, and its ratio would swamp the batch. Pooling the energies over
 * the batch (the ESR of the batch read as one signal) keeps the loss what ESR means without that.
 * A batch of silence only would divide by zero: {@link #FLOOR} bounds the denominator.
 */
public final class EsrLoss implements TrainingLoss {
    /** NAM trainer's pre-emphasis coefficient ({@code _CAB_MRSTFT_PRE_EMPH_COEF}, the LSTM config's {@code pre_emph_coef}). */
    public static final double NAM_PRE_EMPHASIS = 0.85;
    /** Smallest denominator: far below any recording's energy (a -120 dBFS segment of 8192 samples holds 8e-9). */
    static final double FLOOR = 1e-12;

    private final double coefficient;

    /** ESR after the pre-emphasis {@code y[n] - coefficient y[n-1]}; 0 means plain ESR. */
    public EsrLoss(double coefficient) {
        if (!(coefficient >= 0 && coefficient < 1)) {
            throw new IllegalArgumentException("pre-emphasis coefficient must be in [0, 1), found " + coefficient);
        }
        this.coefficient = coefficient;
    }

    /** The pre-emphasis coefficient. */
    public double coefficient() {
        return coefficient;
    }

    @Override
    public double targetEnergy(float[] target, int offset, int length) {
        Require.atLeastOne("length", length);
        double c = coefficient;
        double sum = 0;
        for (int n = offset + 1; n < offset + length; n++) {
            double f = target[n] - c * target[n - 1];
            sum += f * f;
        }
        return sum;
    }

    @Override
    public Scratch scratch(int maxLength) {
        return NO_SCRATCH;
    }

    @Override
    public double segment(Scratch scratch, float[] prediction, float[] target, int targetOffset, int length,
            double batchEnergy, int batchSize, float[] gradient) {
        double c = coefficient;
        double scale = 2 / Math.max(batchEnergy, FLOOR);
        double sum = 0;
        // d/dpred[k] of sum_n f[n]^2 with f[n] = e[n] - c e[n-1]: 2 f[k] - 2 c f[k+1]
        double next = 0; // f[k+1], 0 past the end
        for (int k = length - 1; k >= 0; k--) {
            double ek = (double) prediction[k] - target[targetOffset + k];
            double fk = 0;
            if (k > 0) {
                fk = ek - c * ((double) prediction[k - 1] - target[targetOffset + k - 1]);
                sum += fk * fk;
            }
            gradient[k] = (float) (scale * (fk - c * next));
            next = fk;
        }
        return sum / Math.max(batchEnergy, FLOOR);
    }

    /**
     * Plain ESR, as NAM reports validation: {@code sum (prediction - target)^2 / sum target^2}
     * over {@code length} samples, in double.
     */
    public static double esr(float[] prediction, int predictionOffset, float[] target, int targetOffset, int length) {
        double error = 0;
        double energy = 0;
        for (int i = 0; i < length; i++) {
            double y = target[targetOffset + i];
            double e = prediction[predictionOffset + i] - y;
            error += e * e;
            energy += y * y;
        }
        return error / Math.max(energy, FLOOR);
    }
}
