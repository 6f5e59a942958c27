package dev.convstream.resample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.testing.ToneSpectrum;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The targets of {@link ResamplerDesign#DEFAULT}, measured with sines across the whole input
 * band: passband ripple within 0.1 dB up to 90% of the lower Nyquist, and nothing else, alias
 * or image, above -100 dB. Each tone is centred on a bin of the output's spectrum
 * ({@link ToneSpectrum}, Kaiser beta 20, 16384 points), read away from the signal's ends.
 * Besides the five rate pairs the issue names, one pair whose fraction is too large for a
 * table (44100 -> 47999) and one non-integer rate run the interpolated branches.
 */
class ResamplerBandTest {

    private static final int FFT = 16_384;
    private static final int TONES = 48;

    @ParameterizedTest(name = "{0} -> {1} Hz")
    @CsvSource({"44100, 16000", "48000, 16000", "48000, 44100", "8000, 16000", "44100, 48000",
            "44100, 47999", "44100, 62367.99"})
    void flatPassbandAndNoAliasOrImageAbove100dB(double in, double out) {
        Resampler r = new Resampler(in, out);
        double lowerNyquist = Math.min(in, out) / 2;
        int margin = (int) Math.ceil(r.taps() * out / in) + 16;
        int inputLength = (int) Math.ceil((FFT + 2.0 * margin) * in / out) + 1;
        double worstRipple = 0;
        double worstSpur = -400;
        for (int t = 0; t < TONES; t++) {
            double want = 20 + (in / 2 - 40) * t / (TONES - 1);
            // On a bin of the output spectrum when it lands in the output band.
            double f = want < out / 2 ? Math.round(want * FFT / out) * out / FFT : want;
            float[] x = new float[inputLength];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(2 * Math.PI * f * i / in);
            }
            ToneSpectrum s = new ToneSpectrum(r.resample(x), margin, FFT, out);
            int tone = f < out / 2 ? s.bin(f) : -1;
            if (f <= 0.9 * lowerNyquist) {
                double gainDb = ToneSpectrum.db(s.amplitude(tone));
                worstRipple = Math.max(worstRipple, Math.abs(gainDb));
                assertTrue(Math.abs(gainDb) <= 0.1, String.format(Locale.ROOT, "%.1f Hz: gain %.4f dB", f, gainDb));
            }
            double spurDb = ToneSpectrum.db(s.largestOutside(tone));
            worstSpur = Math.max(worstSpur, spurDb);
            assertTrue(spurDb <= -100, String.format(Locale.ROOT, "%.1f Hz: alias/image at %.1f dB", f, spurDb));
        }
        System.out.printf(Locale.ROOT, "band %s -> %s Hz: taps %d, phases %d, ripple %.2e dB, worst alias/image %.1f dB%n",
                in, out, r.taps(), r.phases(), worstRipple, worstSpur);
    }
}
