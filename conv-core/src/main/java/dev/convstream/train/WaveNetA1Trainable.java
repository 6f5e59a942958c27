package dev.convstream.train;

import dev.convstream.check.Require;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.WaveNetConfig;

import java.util.SplittableRandom;

/**
 * NAM's A1 WaveNet as a {@link TrainableModel}. Interim: parameters and initialisation only;
 * forward and backward follow on this branch.
 */
public final class WaveNetA1Trainable implements TrainableModel {

    private final WaveNetConfig config;
    private final float[] parameters;

    public WaveNetA1Trainable(WaveNetConfig config, float[] parameters) {
        Require.notNull("config", config);
        Require.notNull("parameters", parameters);
        if (parameters.length != config.weightCount()) {
            throw new IllegalArgumentException("weights: expected " + config.weightCount() + ", found " + parameters.length);
        }
        this.config = config;
        this.parameters = parameters.clone();
    }

    static WaveNetA1Trainable initialised(WaveNetConfig config, long seed) {
        float[] p = new float[(int) config.weightCount()];
        SplittableRandom rng = new SplittableRandom(seed);
        int at = 0;
        for (LayerArrayConfig a : config.layerArrays()) {
            at = uniform(p, at, a.channels() * a.inputSize(), a.inputSize(), rng);
            for (var l : a.layers()) {
                int fan = a.channels() * l.kernelSize();
                at = uniform(p, at, a.channels() * fan, fan, rng);
                at = uniform(p, at, a.channels(), fan, rng);
                at = uniform(p, at, a.channels() * a.conditionSize(), a.conditionSize(), rng);
                at = uniform(p, at, a.channels() * a.channels(), a.channels(), rng);
                at = uniform(p, at, a.channels(), a.channels(), rng);
            }
            at = uniform(p, at, a.headSize() * a.channels(), a.channels(), rng);
            if (a.headBias()) {
                at = uniform(p, at, a.headSize(), a.channels(), rng);
            }
        }
        p[at] = config.headScale();
        return new WaveNetA1Trainable(config, p);
    }

    private static int uniform(float[] p, int at, int count, int fanIn, SplittableRandom rng) {
        double bound = 1.0 / Math.sqrt(fanIn);
        for (int i = 0; i < count; i++) {
            p[at + i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return at + count;
    }

    public WaveNetConfig config() {
        return config;
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
        return config.receptiveField();
    }

    @Override
    public Workspace workspace(int maxInputLength) {
        throw new UnsupportedOperationException("interim commit: forward/backward land next on branch trainops");
    }

    @Override
    public void forward(Workspace ws, float[] input, int offset, int length, float[] prediction) {
        throw new UnsupportedOperationException("interim commit: forward/backward land next on branch trainops");
    }

    @Override
    public void backward(Workspace ws, float[] predictionGrad, float[] parameterGrad) {
        throw new UnsupportedOperationException("interim commit: forward/backward land next on branch trainops");
    }
}
