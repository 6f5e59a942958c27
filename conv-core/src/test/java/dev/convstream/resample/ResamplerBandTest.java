package dev.convstream.resample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.testing.ResamplerBand;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The targets of {@link ResamplerDesign#DEFAULT}, measured with sines across the whole input
 * band ({@link ResamplerBand}): passband ripple within 0.1 dB up to 90% of the lower Nyquist,
 * and nothing else, alias or image, above -100 dB. Besides the five rate pairs the issue names,
 * one pair whose fraction is too large for a table (44100 -> 47999) and one non-integer rate
 * run the interpolated branches.
 */
class ResamplerBandTest {

    private static final int TONES = 48;

    @ParameterizedTest(name = "{0} -> {1} Hz")
    @CsvSource({"44100, 16000", "48000, 16000", "48000, 44100", "8000, 16000", "44100, 48000",
            "44100, 47999", "44100, 62367.99"})
    void flatPassbandAndNoAliasOrImageAbove100dB(double in, double out) {
        Resampler r = new Resampler(in, out);
        int margin = (int) Math.ceil(r.taps() * out / in) + 16;
        List<ResamplerBand.Tone> tones = ResamplerBand.measure(r::resample, in, out, TONES, margin);
        for (ResamplerBand.Tone t : tones) {
            assertTrue(Double.isNaN(t.gainDb()) || Math.abs(t.gainDb()) <= 0.1,
                    String.format(Locale.ROOT, "%.1f Hz: gain %.4f dB", t.hz(), t.gainDb()));
            assertTrue(t.spurDb() <= -100, String.format(Locale.ROOT, "%.1f Hz: alias/image at %.1f dB", t.hz(), t.spurDb()));
        }
        System.out.printf(Locale.ROOT, "band %s -> %s Hz: taps %d, phases %d, ripple %.2e dB, worst alias/image %.1f dB%n",
                in, out, r.taps(), r.phases(), ResamplerBand.ripple(tones), ResamplerBand.worstSpur(tones));
    }
}
