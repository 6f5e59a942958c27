package dev.convstream.train;

import java.util.SplittableRandom;

/**
 * A trainable model with a gradient one can check by hand: {@code p[n] = b + sum_k w[k] x[n + k]}
 * (K taps, parameters {@code w[0..K-1], b}). The trainer's tests run on it because it trains in
 * milliseconds and its optimum is known (the FIR that made the target).
 */
final class FirModel implements TrainableModel {
    private final int taps;
    private final float[] parameters;

    FirModel(int taps, long seed) {
        this.taps = taps;
        this.parameters = new float[taps + 1];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = (float) (random.nextDouble(-1, 1) / Math.sqrt(taps));
        }
    }

    private static final class Ws implements Workspace {
        final int maxInput;
        float[] input;
        int offset;
        int length;

        Ws(int maxInput) {
            this.maxInput = maxInput;
        }
    }

    @Override
    public int parameterCount() {
        return parameters.length;
    }

    @Override
    public float[] parameters() {
        return parameters;
    }

    @Override
    public int receptiveField() {
        return taps;
    }

    @Override
    public Workspace workspace(int maxInputLength) {
        return new Ws(maxInputLength);
    }

    @Override
    public void forward(Workspace workspace, float[] input, int offset, int length, float[] prediction) {
        Ws ws = (Ws) workspace;
        if (length > ws.maxInput) {
            throw new IllegalArgumentException("length " + length + " > workspace " + ws.maxInput);
        }
        ws.input = input;
        ws.offset = offset;
        ws.length = length;
        for (int n = 0; n <= length - taps; n++) {
            float s = parameters[taps];
            for (int k = 0; k < taps; k++) {
                s += parameters[k] * input[offset + n + k];
            }
            prediction[n] = s;
        }
    }

    @Override
    public void backward(Workspace workspace, float[] predictionGrad, float[] parameterGrad) {
        Ws ws = (Ws) workspace;
        int outputs = ws.length - taps + 1;
        for (int n = 0; n < outputs; n++) {
            float g = predictionGrad[n];
            for (int k = 0; k < taps; k++) {
                parameterGrad[k] += g * ws.input[ws.offset + n + k];
            }
            parameterGrad[taps] += g;
        }
    }

    /** {@code x} filtered by {@code w} (taps in this model's order) plus {@code bias}, zero before the start. */
    static float[] filter(float[] x, double[] w, double bias) {
        int k = w.length;
        float[] y = new float[x.length];
        for (int n = 0; n < x.length; n++) {
            double s = bias;
            for (int j = 0; j < k; j++) {
                int i = n - (k - 1) + j;
                if (i >= 0) {
                    s += w[j] * x[i];
                }
            }
            y[n] = (float) s;
        }
        return y;
    }
}
