package dev.convstream.filter;

/** FIR filter design: the taps of standard filters, first tap first. */
public final class FirDesign {
    private FirDesign() {
    }

    /**
     * A linear-phase low-pass: a sinc cut off at {@code cutoff} (a fraction of the sample
     * rate, below 0.5) under a Blackman window, scaled to unity gain at DC.
     *
     * @param taps odd, so that the filter has a centre tap and a whole-sample delay
     */
    public static float[] lowPass(int taps, double cutoff) {
        if (taps < 3 || taps % 2 == 0) {
            throw new IllegalArgumentException("taps must be odd and >= 3, found " + taps);
        }
        if (!(cutoff > 0 && cutoff < 0.5)) {
            throw new IllegalArgumentException("cutoff must be in (0, 0.5) of the sample rate, found " + cutoff);
        }
        float[] h = new float[taps];
        double sum = 0;
        int mid = (taps - 1) / 2;
        for (int i = 0; i < taps; i++) {
            int m = i - mid;
            double sinc = m == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * m) / (Math.PI * m);
            double w = 0.42 - 0.5 * Math.cos(2 * Math.PI * i / (taps - 1)) + 0.08 * Math.cos(4 * Math.PI * i / (taps - 1));
            h[i] = (float) (sinc * w);
            sum += h[i];
        }
        for (int i = 0; i < taps; i++) {
            h[i] = (float) (h[i] / sum);
        }
        return h;
    }
}
