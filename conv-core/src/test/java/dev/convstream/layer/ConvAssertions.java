package dev.convstream.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.convstream.testing.NaiveConv;
import dev.convstream.tensor.Tensor;
import org.opentest4j.AssertionFailedError;

/** Comparisons of a layer's output with a {@link NaiveConv} reference. */
final class ConvAssertions {

    /**
     * Relative tolerance for Gaussian data, applied per element against the magnitude
     * {@code m_i = sum_j |w_j x_j| + |b|} (the same convolution run on absolute values). That is the
     * quantity the float32 rounding error of any summation order is bounded by:
     * {@code |y_i - r_i| <= gamma_n m_i} with {@code gamma_n ~ n * 2^-24} for {@code n} terms
     * (Higham, dot products). The sweeps keep {@code n <= 3*7*7+1 = 148} terms per output, so
     * {@code gamma_n <= 8.9e-6 < 1e-5} holds for every element even in the worst case, while a wrong
     * tap, index or padding value shows up as an error of order {@code m_i}. The max-norm of the
     * error over the max-norm of the output would hide errors in small outputs next to large
     * ones, and a plain per-element relative error would blame correct outputs that cancel to
     * almost zero.
     */
    static final double GAUSSIAN_TOLERANCE = 1e-5;

    private ConvAssertions() {
    }

    /**
     * Exact equality (+0 and -0 count as equal): with multiples of 1/16 every partial sum is
     * exactly representable, so every summation order must reproduce the reference.
     */
    static void assertExact(NaiveConv.Result expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": output shape");
        float[] y = actual.data();
        double[] r = expected.values();
        for (int i = 0; i < r.length; i++) {
            if (y[i] != r[i]) {
                throw new AssertionFailedError(what + ": element " + i + " is " + y[i] + ", expected exactly "
                        + r[i] + " (shape " + java.util.Arrays.toString(expected.shape()) + ")");
            }
        }
    }

    /** {@code |y_i - r_i| <= GAUSSIAN_TOLERANCE * m_i} for every element, see above. */
    static void assertClose(NaiveConv.Result expected, NaiveConv.Result magnitude, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": output shape");
        float[] y = actual.data();
        double[] r = expected.values();
        double[] m = magnitude.values();
        for (int i = 0; i < r.length; i++) {
            double err = Math.abs(y[i] - r[i]);
            if (!(err <= GAUSSIAN_TOLERANCE * m[i])) {
                throw new AssertionFailedError(what + ": element " + i + " is " + y[i] + ", expected " + r[i]
                        + " (error " + err + " > " + GAUSSIAN_TOLERANCE + " * magnitude " + m[i] + ")");
            }
        }
    }
}
