package dev.convstream.train;

import dev.convstream.check.Require;
import java.util.Arrays;

/**
 * The Adam optimiser as PyTorch's {@code torch.optim.Adam} computes it (no weight decay, no
 * AMSGrad), which is what NAM's trainer uses: {@code m = b1 m + (1 - b1) g},
 * {@code v = b2 v + (1 - b2) g^2}, {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 * The moments are float, as PyTorch keeps them for float parameters; the bias corrections are
 * computed in double.
 *
 * <p>Its whole state is {@link #firstMoment()}, {@link #secondMoment()} and {@link #steps()},
 * which a checkpoint saves and {@link #restore} puts back. Not thread-safe.
 */
public final class Adam {
    /** NAM's trainer (and PyTorch's default) first-moment decay. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** NAM's trainer (and PyTorch's default) second-moment decay. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** PyTorch's default epsilon, added to the bias-corrected root of the second moment. */
    public static final double DEFAULT_EPSILON = 1e-8;

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final float[] m;
    private final float[] v;
    private long steps;

    /** Adam over {@code parameterCount} parameters with PyTorch's defaults. */
    public Adam(int parameterCount) {
        this(parameterCount, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    public Adam(int parameterCount, double beta1, double beta2, double epsilon) {
        Require.atLeastOne("parameterCount", parameterCount);
        this.beta1 = inUnitInterval("beta1", beta1);
        this.beta2 = inUnitInterval("beta2", beta2);
        this.epsilon = Require.positive("epsilon", epsilon);
        this.m = new float[parameterCount];
        this.v = new float[parameterCount];
    }

    private static double inUnitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), found " + value);
        }
        return value;
    }

    /** One update of {@code parameters} in place from {@code gradient} at learning rate {@code lr}. */
    public void step(float[] parameters, float[] gradient, double lr) {
        if (parameters.length != m.length || gradient.length != m.length) {
            throw new IllegalArgumentException("parameters and gradient must have " + m.length
                    + " values, found " + parameters.length + " and " + gradient.length);
        }
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float stepSize = (float) (lr / correction1);
        float root2 = (float) Math.sqrt(correction2);
        float eps = (float) epsilon;
        for (int i = 0; i < m.length; i++) {
            float g = gradient[i];
            float mi = m[i] + (1 - b1) * (g - m[i]); // PyTorch's lerp form
            float vi = b2 * v[i] + (1 - b2) * g * g;
            m[i] = mi;
            v[i] = vi;
            parameters[i] -= stepSize * mi / ((float) Math.sqrt(vi) / root2 + eps);
        }
    }

    /** Updates taken so far (PyTorch's {@code state['step']}). */
    public long steps() {
        return steps;
    }

    /** A copy of the first moment. */
    public float[] firstMoment() {
        return m.clone();
    }

    /** A copy of the second moment. */
    public float[] secondMoment() {
        return v.clone();
    }

    /** Puts back a state saved from {@link #firstMoment()}, {@link #secondMoment()} and {@link #steps()}. */
    public void restore(float[] firstMoment, float[] secondMoment, long steps) {
        if (firstMoment.length != m.length || secondMoment.length != v.length) {
            throw new IllegalArgumentException("Adam state must have " + m.length + " values, found "
                    + firstMoment.length + " and " + secondMoment.length);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, found " + steps);
        }
        System.arraycopy(firstMoment, 0, m, 0, m.length);
        System.arraycopy(secondMoment, 0, v, 0, v.length);
        this.steps = steps;
    }

    /** Back to the state before the first step. */
    public void reset() {
        Arrays.fill(m, 0);
        Arrays.fill(v, 0);
        steps = 0;
    }
}
