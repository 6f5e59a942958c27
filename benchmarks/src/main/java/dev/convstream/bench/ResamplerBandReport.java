package dev.convstream.bench;

import be.tarsos.dsp.resample.Resampler;
import dev.convstream.testing.ToneSpectrum;
import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The band of conv-core's resampler beside TarsosDSP's (high-quality mode), measured as
 * {@code ResamplerBandTest} measures: sines across the input band, each on a bin of a
 * 16384-point Kaiser (beta 20) spectrum of the output. Prints a Markdown table: the gain at
 * 90% of the lower Nyquist, the largest passband deviation up to there, and the loudest
 * alias or image (relative to a full-scale input). Run:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.convstream.bench.ResamplerBandReport}.
 */
public final class ResamplerBandReport {

    private static final int FFT = 16_384;
    private static final int TONES = 96;

    private ResamplerBandReport() {
    }

    public static void main(String[] args) {
        int[][] pairs = {{44_100, 16_000}, {48_000, 16_000}, {48_000, 44_100}, {8_000, 16_000}, {44_100, 48_000}};
        System.out.println("| rates | resampler | gain at 0.9 Nyquist (dB) | worst passband deviation (dB) | worst alias/image (dB) |");
        System.out.println("|---|---|---|---|---|");
        for (int[] p : pairs) {
            dev.convstream.resample.Resampler ours = new dev.convstream.resample.Resampler(p[0], p[1]);
            row(p[0], p[1], "convstream", ours::resample);
            row(p[0], p[1], "TarsosDSP", x -> tarsos(x, p[0], p[1]));
        }
    }

    private static void row(int in, int out, String name, UnaryOperator<float[]> resample) {
        double lowerNyquist = Math.min(in, out) / 2.0;
        int margin = 2_000;
        int length = (int) Math.ceil((FFT + 2.0 * margin) * in / out) + 1;
        double worstDev = 0;
        double worstSpur = -400;
        double edgeGain = Double.NaN;
        for (int t = 0; t <= TONES; t++) {
            double want = t == TONES ? 0.9 * lowerNyquist : 20 + (in / 2.0 - 40) * t / (TONES - 1);
            double f = want < out / 2.0 ? Math.floor(want * FFT / out) * out / FFT : want;
            float[] x = new float[length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(2 * Math.PI * f * i / in);
            }
            ToneSpectrum s = new ToneSpectrum(resample.apply(x), margin, FFT, out);
            int tone = f < out / 2.0 ? s.bin(f) : -1;
            if (f <= 0.9 * lowerNyquist) {
                double g = ToneSpectrum.db(s.amplitude(tone));
                worstDev = Math.max(worstDev, Math.abs(g));
                if (t == TONES) {
                    edgeGain = g;
                }
            }
            worstSpur = Math.max(worstSpur, ToneSpectrum.db(s.largestOutside(tone)));
        }
        System.out.printf(Locale.ROOT, "| %d -> %d | %s | %.4f | %.2g | %.1f |%n", in, out, name, edgeGain, worstDev, worstSpur);
    }

    /** TarsosDSP's resampler on a whole signal, as convstream's audio-io called it before. */
    static float[] tarsos(float[] x, int from, int to) {
        double factor = (double) to / from;
        int expected = (int) Math.round(x.length * factor);
        Resampler r = new Resampler(true, factor, factor);
        float[] out = new float[expected + r.getFilterWidth() + 16];
        FloatBuffer in = FloatBuffer.wrap(x);
        FloatBuffer o = FloatBuffer.wrap(out);
        while (true) {
            int before = o.position();
            boolean finished = r.process(factor, in, true, o);
            if (finished || !o.hasRemaining() || (o.position() == before && !in.hasRemaining())) {
                break;
            }
        }
        float[] y = new float[expected];
        System.arraycopy(out, 0, y, 0, Math.min(expected, o.position()));
        return y;
    }
}
