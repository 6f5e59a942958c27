package dev.convstream.kernel;

/**
 * Element-wise transcendental functions over array ranges, in place: the activations of
 * WaveNet layers are a large share of their cost, so they get a vectorised path too.
 *
 * <p>Every implementation computes the same formula (the one of {@link ScalarElementwiseMath},
 * polynomials evaluated with fused multiply-adds and correctly rounded IEEE operations only), so
 * a value's result does not depend on the family, on where it falls in the range (vector lanes
 * or a short tail), on how a stream was cut into blocks, or on whether the code is interpreted
 * or compiled. Accuracy, against the exact value in ulp of the float result: tanh within 2,
 * sigmoid and exp within 3 (measured maxima in {@link ScalarElementwiseMath}).
 */
public interface ElementwiseMath {

    void tanh(float[] x, int off, int len);

    /** {@code 1 / (1 + e^-x)}. */
    void sigmoid(float[] x, int off, int len);

    /** {@code e^x}; overflows to infinity past {@code ln(Float.MAX_VALUE)}, as {@link Math#exp}. */
    void exp(float[] x, int off, int len);

    /**
     * {@code x[off + i] = tanh(x[off + i]); sum[sumOff + i] += x[off + i]} for {@code i < len}: the
     * bits of {@link #tanh} then an add, in one pass (a WaveNet layer's activation and head sum).
     * The ranges must not overlap.
     */
    void tanhAddInto(float[] x, int off, float[] sum, int sumOff, int len);

    /**
     * {@code x[off + i] = fastTanh(x[off + i]); sum[sumOff + i] += x[off + i]} for {@code i < len}:
     * NAM core's fast tanh ({@link ScalarElementwiseMath#fastTanh}, the same bits in every family)
     * and a WaveNet layer's head-sum add in one pass. The ranges must not overlap.
     */
    void fastTanhAddInto(float[] x, int off, float[] sum, int sumOff, int len);
}
