package dev.convstream.activation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class ErfTest {

    /**
     * {x, erf(x), erfc(x)} printed with repr() by scipy 1.17.1 (numpy 2.4.6):
     * {@code scipy.special.erf(x), scipy.special.erfc(x)}, which use Cephes (a different
     * algorithm from Cody's).
     */
    private static final double[][] SCIPY = {
            {0.0, 0.0, 1.0},
            {1e-10, 1.1283791670955126e-10, 0.999999999887162},
            {0.1, 0.1124629160182849, 0.8875370839817152},
            {0.3, 0.3286267594591274, 0.6713732405408726},
            {0.46875, 0.492613473217938, 0.507386526782062},
            {0.5, 0.5204998778130465, 0.4795001221869535},
            {1.0, 0.8427007929497148, 0.15729920705028516},
            {1.5, 0.9661051464753108, 0.03389485352468927},
            {2.0, 0.9953222650189527, 0.004677734981047266},
            {3.0, 0.9999779095030014, 2.2090496998585445e-05},
            {4.0, 0.9999999845827421, 1.541725790028002e-08},
            {4.5, 0.9999999998033839, 1.9661604415428878e-10},
            {6.0, 1.0, 2.1519736712498913e-17},
            {10.0, 1.0, 2.0884875837625446e-45},
            {-0.7, -0.6778011938374183, 1.6778011938374182},
            {-2.5, -0.999593047982555, 1.999593047982555},
            {-5.0, -0.9999999999984626, 1.9999999999984626},
    };

    /** Cody's approximation is good to ~1e-16 relative; 1e-14 leaves room for double rounding. */
    private static final double REL = 1e-14;

    @Test
    void matchesScipyValues() {
        for (double[] row : SCIPY) {
            assertRelative("erf(" + row[0] + ")", row[1], Erf.erf(row[0]));
            assertRelative("erfc(" + row[0] + ")", row[2], Erf.erfc(row[0]));
        }
    }

    /**
     * Against an independent evaluation: the everywhere-positive series
     * {@code erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1))} (Abramowitz and
     * Stegun 7.1.6), which has no cancellation, on a dense grid across all three of Cody's
     * intervals. For erfc where it is small (x > 2), the series' {@code 1 - erf} would cancel, so
     * erfc is checked there against the Laplace continued fraction (A&S 7.1.14).
     */
    @Test
    void matchesIndependentSeriesOnAGrid() {
        for (int i = -6000; i <= 6000; i++) {
            double x = i / 1000.0 + 1e-4; // avoid landing only on interval boundaries
            assertRelative("erf(" + x + ")", seriesErf(x), Erf.erf(x));
            if (x > 2) {
                assertRelative("erfc(" + x + ")", continuedFractionErfc(x), Erf.erfc(x));
            } else {
                // absolute: 1 - erf has no relative accuracy to offer; the series itself is good to
                // ~1e-15 relative near |x| = 6 (it sums to e^{36} before scaling back)
                assertEquals(1 - seriesErf(x), Erf.erfc(x), 4e-15, "erfc(" + x + ")");
            }
        }
    }

    @Test
    void edgeCases() {
        assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, Erf.erfc(Double.POSITIVE_INFINITY));
        assertEquals(2.0, Erf.erfc(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, Erf.erfc(30.0));
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
        assertTrue(Double.isNaN(Erf.erfc(Double.NaN)));
        assertEquals(-Erf.erf(0.25), Erf.erf(-0.25)); // odd
    }

    public static double seriesErf(double x) {
        double term = x;
        double sum = x;
        for (int n = 1; n < 2000; n++) {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * 1e-18 || x == 0) {
                break;
            }
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
    }

    /** erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), x > 0. */
    public static double continuedFractionErfc(double x) {
        double f = x;
        for (int k = 400; k >= 1; k--) {
            f = x + (k / 2.0) / f;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }

    private static void assertRelative(String what, double expected, double actual) {
        double err = expected == 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(err <= REL, what + ": expected " + expected + " found " + actual + " (relative error " + err + ")");
    }
}
