package dev.convstream.bench;

import be.tarsos.dsp.resample.Resampler;
import dev.convstream.testing.ResamplerBand;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The band of conv-core's resampler beside TarsosDSP's (high-quality mode), measured as
 * {@code ResamplerBandTest} measures ({@code ResamplerBand}: sines across the input band, each
 * on a bin of a 16384-point Kaiser (beta 20) spectrum of the output). Prints a Markdown table: the gain at
 * 90% of the lower Nyquist, the largest passband deviation up to there, and the loudest
 * alias or image (relative to a full-scale input). Run:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.convstream.bench.ResamplerBandReport}.
 */
public final class ResamplerBandReport {

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
        List<ResamplerBand.Tone> tones = ResamplerBand.measure(resample, in, out, TONES, 2_000);
        double edgeGain = tones.get(tones.size() - 1).gainDb();
        System.out.printf(Locale.ROOT, "| %d -> %d | %s | %.4f | %.2g | %.1f |%n", in, out, name, edgeGain,
                ResamplerBand.ripple(tones), ResamplerBand.worstSpur(tones));
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
