package dev.convstream.resample;

/**
 * Two sample rates and, when there is a small one, the reduced fraction between them:
 * {@code out / in = up / down} (44100 -> 16000: 160/441; 48000 -> 44100: 147/160). A ratio is
 * rational here when both rates are whole numbers of Hz and {@code up} is at most
 * {@link #MAX_RATIONAL_PHASES}; otherwise (a non-integer rate, or e.g. 44100 -> 47999, whose
 * fraction is 47999/44100) {@code up} and {@code down} are 0 and the resampler interpolates
 * between polyphase branches.
 *
 * @param inRate  Hz, > 0 and finite
 * @param outRate Hz, > 0 and finite
 * @param up      the numerator of the reduced fraction, 0 when not rational
 * @param down    the denominator, 0 when not rational
 */
public record RateRatio(double inRate, double outRate, int up, int down) {

    /** Most polyphase branches a rational ratio gets a table row each for. */
    public static final int MAX_RATIONAL_PHASES = 1024;

    public RateRatio {
        for (double r : new double[] {inRate, outRate}) {
            if (!(r > 0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException("sample rate must be positive and finite, found " + r);
            }
        }
        if (up < 0 || down < 0 || (up == 0) != (down == 0)) {
            throw new IllegalArgumentException("up and down must both be >= 1 or both 0, found " + up + " and " + down);
        }
    }

    /** The ratio of {@code inRate} to {@code outRate}, reduced when both are whole numbers. */
    public static RateRatio of(double inRate, double outRate) {
        if (!(inRate > 0 && outRate > 0)) {
            return new RateRatio(inRate, outRate, 0, 0); // the constructor names the bad rate
        }
        if (isWhole(inRate) && isWhole(outRate)) {
            long in = (long) inRate;
            long out = (long) outRate;
            long g = gcd(in, out);
            if (out / g <= MAX_RATIONAL_PHASES && in / g <= Integer.MAX_VALUE) {
                return new RateRatio(inRate, outRate, (int) (out / g), (int) (in / g));
            }
        }
        return new RateRatio(inRate, outRate, 0, 0);
    }

    /** Whether {@link #up}/{@link #down} hold the exact ratio. */
    public boolean isRational() {
        return up > 0;
    }

    /** Input samples per output sample, {@code inRate / outRate}. */
    public double step() {
        return inRate / outRate;
    }

    private static boolean isWhole(double r) {
        return r == Math.rint(r) && r <= Integer.MAX_VALUE;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
