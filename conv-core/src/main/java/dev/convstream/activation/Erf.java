package dev.convstream.activation;

/**
 * The error function and its complement in double precision, which Java's {@link Math} lacks.
 *
 * <p>This is W. J. Cody's rational Chebyshev approximation: W. J. Cody, "Rational Chebyshev
 * approximations for the error function", Math. Comp. 23 (1969) 631-637, in the form of his
 * SPECFUN routine {@code CALERF} (Netlib, Argonne, last modified 1990), with the coefficients
 * and interval split published there. Its maximum relative error is about 1e-16 on each
 * interval ({@code |x| <= 0.46875}, {@code <= 4}, beyond), far below the float32 rounding the
 * layers apply afterwards. {@code erfc} is computed directly, not as {@code 1 - erf}, so it keeps
 * its relative accuracy in the tail, which GELU needs for negative inputs.
 */
public final class Erf {
    private static final double THRESH = 0.46875;
    /** erfc(x) underflows to 0 in double beyond this (Cody's XBIG for IEEE double). */
    private static final double XBIG = 26.543;
    private static final double SQRPI = 5.6418958354775628695e-1; // 1/sqrt(pi)

    private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02,
            3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1};
    private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02,
            1.28261652607737228e03, 2.84423683343917062e03};
    private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e0,
            6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02,
            1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03,
            2.15311535474403846e-8};
    private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02,
            5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03,
            4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03};
    private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1,
            1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4,
            1.63153871373020978e-2};
    private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00,
            5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3};

    private Erf() {
    }

    /** erf(x); NaN for NaN, +-1 for +-infinity. */
    public static double erf(double x) {
        double y = Math.abs(x);
        if (y <= THRESH) {
            return x * nearZero(y * y);
        }
        double r = (0.5 - erfcOfPositive(y)) + 0.5;
        return x < 0 ? -r : r;
    }

    /** erfc(x) = 1 - erf(x), accurate in relative terms also where it is tiny. */
    public static double erfc(double x) {
        double y = Math.abs(x);
        if (y <= THRESH) {
            return 1.0 - x * nearZero(y * y);
        }
        double r = erfcOfPositive(y);
        return x < 0 ? 2.0 - r : r;
    }

    /** erf(x)/x for |x| <= 0.46875, as a rational function of x^2. */
    private static double nearZero(double ysq) {
        double num = A[4] * ysq;
        double den = ysq;
        for (int i = 0; i < 3; i++) {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }
        return (num + A[3]) / (den + B[3]);
    }

    /** erfc(y) for y > 0.46875 (NaN passes through). */
    private static double erfcOfPositive(double y) {
        double r;
        if (y <= 4.0) {
            double num = C[8] * y;
            double den = y;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            r = (num + C[7]) / (den + D[7]);
        } else if (y >= XBIG) {
            return 0.0;
        } else {
            double ysq = 1.0 / (y * y);
            double num = P[5] * ysq;
            double den = ysq;
            for (int i = 0; i < 4; i++) {
                num = (num + P[i]) * ysq;
                den = (den + Q[i]) * ysq;
            }
            r = ysq * (num + P[4]) / (den + Q[4]);
            r = (SQRPI - r) / y;
        }
        // exp(-y^2) split as exp(-ysq^2) * exp(-del) with ysq = y rounded down to 1/16: y*y
        // would round before the exponential and cost relative accuracy in the tail.
        double ysq = Math.floor(y * 16.0) / 16.0;
        double del = (y - ysq) * (y + ysq);
        return Math.exp(-ysq * ysq) * Math.exp(-del) * r;
    }
}
