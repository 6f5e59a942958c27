package dev.convstream.golden;

import dev.convstream.tensor.Tensor;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Comparisons of a computed tensor against a golden one, with messages that locate the worst value. */
final class GoldenAssert {
    private GoldenAssert() {
    }

    /**
     * Every value equal under IEEE {@code ==} (so +0 and -0 match: the reference adds in float64
     * starting from +0, and a kernel that starts from the first product may yield -0 for an
     * exact zero sum; no other difference is allowed).
     */
    static void assertBitExact(String what, Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": output shape");
        float[] e = expected.data();
        float[] a = actual.data();
        int mismatches = 0;
        int first = -1;
        for (int i = 0; i < e.length; i++) {
            if (!(e[i] == a[i])) {
                if (first < 0) {
                    first = i;
                }
                mismatches++;
            }
        }
        if (first >= 0) {
            fail(what + ": " + mismatches + " of " + e.length + " values differ from the exact result; first at "
                    + Arrays.toString(index(expected.shape(), first)) + ": expected " + e[first]
                    + " found " + a[first]);
        }
    }

    /**
     * {@code max|actual - expected| / max|expected| <= tolerance}, and no NaN or infinity. The
     * scale is the tensor's largest magnitude rather than each element's: float32 rounding errors
     * of a sum scale with its terms, not with the (possibly cancelled) result.
     */
    static void assertRelative(String what, Tensor expected, Tensor actual, double tolerance) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": output shape");
        float[] e = expected.data();
        float[] a = actual.data();
        double scale = 0;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        int at = 0;
        for (int i = 0; i < e.length; i++) {
            if (!Float.isFinite(a[i])) {
                fail(what + ": non-finite value " + a[i] + " at " + Arrays.toString(index(expected.shape(), i))
                        + ", expected " + e[i]);
            }
            double diff = Math.abs((double) a[i] - e[i]);
            if (diff > worst) {
                worst = diff;
                at = i;
            }
        }
        double relative = scale > 0 ? worst / scale : worst;
        if (relative > tolerance) {
            fail(String.format("%s: max|diff|/max|ref| = %.3e > %.1e; worst at %s: expected %s found %s (max|ref| %s)",
                    what, relative, tolerance, Arrays.toString(index(expected.shape(), at)), e[at], a[at], scale));
        }
    }

    /** Row-major coordinates of flat index {@code flat}. */
    static int[] index(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }
}
