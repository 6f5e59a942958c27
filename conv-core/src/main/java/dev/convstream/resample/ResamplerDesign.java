package dev.convstream.resample;

import dev.convstream.filter.KaiserWindow;
import dev.convstream.filter.WindowedSinc;

/**
 * The anti-aliasing / anti-imaging low-pass of a {@link Resampler}, in terms of the lower of the
 * two Nyquist frequencies ({@code min(in, out) / 2}): flat up to {@code passbandEdge} of it,
 * at least {@code attenuationDb} down from {@code stopbandEdge} of it on. The filter is a
 * Kaiser-windowed sinc cut off half way between the two edges, as long as Kaiser's formula asks
 * for that attenuation over that transition band ({@link #taps}).
 *
 * <p>{@link #DEFAULT}: flat to 90% of the lower Nyquist, 110 dB designed attenuation from the
 * lower Nyquist on, so that no alias (downsampling) or image (upsampling) lands anywhere in the
 * output band; the measured figures (ripple, worst alias) are in {@code docs/resampler.md}.
 *
 * @param passbandEdge  fraction of the lower Nyquist, in (0, stopbandEdge)
 * @param stopbandEdge  fraction of the lower Nyquist, in (passbandEdge, 1]
 * @param attenuationDb stop-band attenuation the window is designed for, dB, > 21
 */
public record ResamplerDesign(double passbandEdge, double stopbandEdge, double attenuationDb) {

    /** Flat to 0.9 of the lower Nyquist, 110 dB down from the lower Nyquist on. */
    public static final ResamplerDesign DEFAULT = new ResamplerDesign(0.9, 1.0, 110);

    public ResamplerDesign {
        if (!(passbandEdge > 0 && passbandEdge < stopbandEdge && stopbandEdge <= 1)) {
            throw new IllegalArgumentException("passbandEdge and stopbandEdge must satisfy 0 < passbandEdge < stopbandEdge"
                    + " <= 1 (fractions of the lower Nyquist), found " + passbandEdge + " and " + stopbandEdge);
        }
        if (!(attenuationDb > 21) || Double.isInfinite(attenuationDb)) {
            throw new IllegalArgumentException("attenuationDb must be > 21 and finite, found " + attenuationDb);
        }
    }

    /**
     * Input samples under the filter for one output sample: Kaiser's order for
     * {@link #attenuationDb} over the transition band, measured in input samples, rounded up to
     * an even number (so that the taps split evenly around the output's position).
     */
    public int taps(double inRate, double outRate) {
        double lowerNyquist = Math.min(inRate, outRate) / 2;
        double width = (stopbandEdge - passbandEdge) * lowerNyquist / inRate;
        int order = KaiserWindow.order(attenuationDb, width);
        return order + (order & 1);
    }

    /** Kaiser's beta for {@link #attenuationDb}. */
    public double beta() {
        return KaiserWindow.beta(attenuationDb);
    }

    /**
     * The continuous prototype, time in input samples: cut-off half way between the edges
     * (cycles per input sample), half width {@code taps / 2}.
     */
    public WindowedSinc prototype(double inRate, double outRate) {
        double lowerNyquist = Math.min(inRate, outRate) / 2;
        double cutoff = (passbandEdge + stopbandEdge) / 2 * lowerNyquist / inRate;
        return new WindowedSinc(cutoff, taps(inRate, outRate) / 2.0, beta());
    }
}
