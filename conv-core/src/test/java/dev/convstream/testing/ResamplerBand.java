package dev.convstream.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The band of a resampler measured with sines: {@code tones} full-scale sines spread evenly
 * over the input band (20 Hz to 20 Hz below its Nyquist, then one at exactly 90% of the lower
 * Nyquist), each moved onto a bin of the output's 16384-point {@link ToneSpectrum} when it falls
 * in the output band, resampled whole, read away from the signal's ends. The one measurement
 * behind the resampler's unit tests and the band report beside TarsosDSP.
 */
public final class ResamplerBand {

    /** Points of the output spectrum. */
    public static final int FFT = 16_384;

    /**
     * One tone.
     *
     * @param hz       its frequency
     * @param gainDb   its level at the output when it is at most 90% of the lower Nyquist, else NaN
     * @param spurDb   the loudest alias or image: every bin outside the tone's main lobe, dB of full scale
     */
    public record Tone(double hz, double gainDb, double spurDb) {
    }

    private ResamplerBand() {
    }

    /**
     * @param resample the whole-signal resampler under test
     * @param margin   output samples skipped at the start (the filter's run-in)
     */
    public static List<Tone> measure(UnaryOperator<float[]> resample, double in, double out, int tones, int margin) {
        double lowerNyquist = Math.min(in, out) / 2;
        int inputLength = (int) Math.ceil((FFT + 2.0 * margin) * in / out) + 1;
        List<Tone> result = new ArrayList<>();
        for (int t = 0; t <= tones; t++) {
            double want = t == tones ? 0.9 * lowerNyquist : 20 + (in / 2 - 40) * t / (tones - 1);
            double f = want < out / 2 ? Math.floor(want * FFT / out) * out / FFT : want;
            float[] x = new float[inputLength];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(2 * Math.PI * f * i / in);
            }
            ToneSpectrum s = new ToneSpectrum(resample.apply(x), margin, FFT, out);
            int tone = f < out / 2 ? s.bin(f) : -1;
            double gain = f <= 0.9 * lowerNyquist ? ToneSpectrum.db(s.amplitude(tone)) : Double.NaN;
            result.add(new Tone(f, gain, ToneSpectrum.db(s.largestOutside(tone))));
        }
        return result;
    }

    /** The largest {@code |gainDb|} of the passband tones. */
    public static double ripple(List<Tone> tones) {
        return tones.stream().filter(t -> !Double.isNaN(t.gainDb())).mapToDouble(t -> Math.abs(t.gainDb())).max().orElse(0);
    }

    /** The loudest alias or image over all tones. */
    public static double worstSpur(List<Tone> tones) {
        return tones.stream().mapToDouble(Tone::spurDb).max().orElse(Double.NEGATIVE_INFINITY);
    }
}
