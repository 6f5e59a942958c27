package dev.convstream.capture;

import dev.convstream.audio.WavWriter;
import dev.convstream.filter.PinkNoise;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The capture signal: what a user plays through their gear and records, rendered from a
 * {@link CaptureLayout}. Bit-identical on every run, JDK and machine: every random choice comes
 * from a {@link Random} seeded by the layout, and every transcendental function is
 * {@link StrictMath}'s (the {@code Math} versions may differ in the last bit between JVMs).
 *
 * <p>Written as 24-bit PCM mono WAV (what every interface and DAW plays) with the layout's
 * version in a {@code LIST/INFO} chunk ({@value #VERSION_KEY}), the file appearing whole or not
 * at all ({@link WavWriter}, through {@code io.AtomicFiles}). Thread-safe: no state.
 */
public final class CaptureSignal {

    /** The RIFF INFO id holding the version: the comment field. */
    public static final String VERSION_KEY = "ICMT";
    /** The RIFF INFO id holding the title. */
    public static final String TITLE_KEY = "INAM";
    /** The title written into every capture signal file. */
    public static final String TITLE = "convstream capture signal";

    /** The blip chirp's frequencies (Hz): from the bottom of a guitar's range to where most amps have rolled off. */
    private static final double BLIP_FROM_HZ = 100;
    private static final double BLIP_TO_HZ = 12_000;
    private static final double SWEEP_FROM_HZ = 20;
    private static final double SWEEP_TO_HZ = 20_000;
    /** Raised-cosine fades on sweeps and noise, so a section starts and ends without a click. */
    private static final double FADE_SECONDS = 0.005;
    /** Fade-out at the end of each guitar phrase (a new phrase restarts the strings). */
    private static final double PHRASE_FADE_SECONDS = 0.01;
    /** Guitar phrase lengths in seconds, in turn: eight strums or notes each, so the pace varies. */
    private static final double[] PHRASE_SECONDS = {2, 3, 4, 5};
    /** The guitar ramp's range below its peak, in dB. */
    static final double RAMP_RANGE_DB = 44;

    private CaptureSignal() {
    }

    /** The samples of {@code layout}, {@code layout.length()} of them. */
    public static float[] render(CaptureLayout layout) {
        float[] out = new float[layout.length()];
        List<CaptureLayout.Section> sections = layout.sections();
        for (int i = 0; i < sections.size(); i++) {
            CaptureLayout.Section s = sections.get(i);
            double[] x = section(s, layout.sampleRate(), layout.seed() + i);
            for (int n = 0; n < s.length(); n++) {
                out[s.start() + n] = (float) x[n];
            }
        }
        return out;
    }

    /** The blip every version uses: {@link CaptureLayout#BLIP_SAMPLES} samples at {@link CaptureLayout#BLIP_PEAK_DB}. */
    public static float[] blip(int sampleRate) {
        double[] x = chirp(CaptureLayout.BLIP_SAMPLES, sampleRate, BLIP_FROM_HZ, BLIP_TO_HZ);
        double n1 = x.length - 1;
        for (int n = 0; n < x.length; n++) {
            x[n] *= 0.5 - 0.5 * StrictMath.cos(2 * StrictMath.PI * n / n1);
        }
        normalise(x, StrictMath.pow(10, CaptureLayout.BLIP_PEAK_DB / 20));
        float[] f = new float[x.length];
        for (int n = 0; n < x.length; n++) {
            f[n] = (float) x[n];
        }
        return f;
    }

    /** Writes {@link CaptureLayout#CURRENT} to {@code path}. */
    public static void write(Path path) throws IOException {
        write(path, CaptureLayout.CURRENT);
    }

    /** Writes {@code layout}'s signal to {@code path} with its version in the metadata. */
    public static void write(Path path, CaptureLayout layout) throws IOException {
        write(path, layout, render(layout));
    }

    /**
     * Writes {@code samples} as a capture signal file of {@code layout}: tests use it to make
     * files whose samples disagree with their version.
     */
    static void write(Path path, CaptureLayout layout, float[] samples) throws IOException {
        Map<String, String> info = new LinkedHashMap<>();
        info.put(TITLE_KEY, TITLE);
        info.put(VERSION_KEY, layout.version());
        info.put("ISFT", "convstream");
        WavWriter.write(path, new float[][] {samples}, layout.sampleRate(), WavWriter.Format.PCM_24, info);
    }

    private static double[] section(CaptureLayout.Section s, int rate, long seed) {
        int n = s.length();
        double[] x;
        switch (s.kind()) {
            case SILENCE -> x = new double[n];
            case BLIP -> {
                float[] b = blip(rate);
                if (n != b.length) {
                    throw new IllegalArgumentException("a blip is " + b.length + " samples, found " + n + " in '" + s.name() + "'");
                }
                x = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = b[i];
                }
                return x;
            }
            case SWEEP -> {
                x = chirp(n, rate, SWEEP_FROM_HZ, Math.min(SWEEP_TO_HZ, 0.45 * rate));
                fade(x, rate, FADE_SECONDS);
            }
            case WHITE_NOISE -> {
                x = gaussian(n, new Random(seed));
                fade(x, rate, FADE_SECONDS);
            }
            case PINK_NOISE -> {
                x = PinkNoise.fromWhite(gaussian(n, new Random(seed)));
                fade(x, rate, FADE_SECONDS);
            }
            case GUITAR -> x = guitar(n, rate, seed);
            case GUITAR_RAMP -> {
                x = guitar(n, rate, seed);
                for (int i = 0; i < n; i++) {
                    double db = -RAMP_RANGE_DB * (1 - i / (double) Math.max(1, n - 1));
                    x[i] *= StrictMath.pow(10, db / 20);
                }
                // Scaled to the peak as it ramps, not re-normalised: the last phrase sets the peak.
                double peak = s.peak();
                for (int i = 0; i < n; i++) {
                    x[i] *= peak;
                }
                return x;
            }
            default -> throw new IllegalStateException("unknown kind " + s.kind());
        }
        if (s.kind() != CaptureLayout.Kind.SILENCE) {
            normalise(x, s.peak());
        }
        return x;
    }

    /** Exponential sine sweep of {@code n} samples from {@code f0} to {@code f1} (Farina's phase law). */
    private static double[] chirp(int n, int rate, double f0, double f1) {
        double[] x = new double[n];
        double duration = n / (double) rate;
        double rise = StrictMath.log(f1 / f0);
        for (int i = 0; i < n; i++) {
            double t = i / (double) rate;
            double phase = 2 * StrictMath.PI * f0 * duration / rise * (StrictMath.exp(t / duration * rise) - 1);
            x[i] = StrictMath.sin(phase);
        }
        return x;
    }

    private static double[] gaussian(int n, Random random) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    /** Paul Kellet's refined pink filter: -3 dB per octave within 0.05 dB from 9 Hz to Nyquist at 44.1 kHz. */
    /** Plucked strings in phrases of {@link #PHRASE_SECONDS}, each at peak 1, faded out at its end. */
    private static double[] guitar(int n, int rate, long seed) {
        double[] x = new double[n];
        int at = 0;
        for (int phrase = 0; at < n; phrase++) {
            int len = Math.min(n - at, (int) Math.round(PHRASE_SECONDS[phrase % PHRASE_SECONDS.length] * rate));
            float[] g = GuitarSynth.render(rate, len / (double) rate, 1.0, seed * 1_000 + phrase);
            double[] d = new double[len];
            for (int i = 0; i < len; i++) {
                d[i] = g[i];
            }
            fadeOut(d, (int) Math.round(PHRASE_FADE_SECONDS * rate));
            System.arraycopy(d, 0, x, at, len);
            at += len;
        }
        return x;
    }

    private static void fade(double[] x, int rate, double seconds) {
        int m = Math.min(x.length / 2, (int) Math.round(seconds * rate));
        for (int i = 0; i < m; i++) {
            double g = 0.5 - 0.5 * StrictMath.cos(StrictMath.PI * i / m);
            x[i] *= g;
        }
        fadeOut(x, m);
    }

    private static void fadeOut(double[] x, int m) {
        m = Math.min(m, x.length);
        for (int i = 0; i < m; i++) {
            double g = 0.5 - 0.5 * StrictMath.cos(StrictMath.PI * i / m);
            x[x.length - 1 - i] *= g;
        }
    }

    /** Scales {@code x} so its largest magnitude is {@code peak} (silence stays silence). */
    private static void normalise(double[] x, double peak) {
        double max = 0;
        for (double v : x) {
            max = Math.max(max, Math.abs(v));
        }
        if (max > 0) {
            double k = peak / max;
            for (int i = 0; i < x.length; i++) {
                x[i] *= k;
            }
        }
    }
}
