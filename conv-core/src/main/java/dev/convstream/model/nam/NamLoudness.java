package dev.convstream.model.nam;

import dev.convstream.check.Require;
import dev.convstream.filter.PinkNoise;
import dev.convstream.model.StreamingModel;

import java.util.SplittableRandom;

/**
 * {@code metadata.loudness} as NAM's trainer computes it ({@code _metadata_loudness} in
 * {@code nam/models/_base.py}): the model runs a reference signal, started from silence (NAM pads
 * the start with zeros, which for a causal network is the response after endless silence, the
 * start rule of every convstream {@link StreamingModel}), and the loudness is
 * {@code 20 log10(sqrt(mean(y^2)))} over the whole output, in dB.
 *
 * <p>The reference signal: NAM's trainer uses the {@code loudness_input.wav} bundled with its
 * Python package, which convstream does not have. {@link #referenceSignal()} is convstream's
 * stand-in, 2 s at 48 kHz of deterministic pink noise at -18 dBFS RMS; pass NAM's file's samples
 * to {@link #loudnessDb(StreamingModel, float[])} for NAM's exact figure. Only the signal
 * differs; the formula is NAM's.
 */
public final class NamLoudness {
    /** RMS level of the stand-in reference signal, dBFS. */
    public static final double REFERENCE_RMS_DB = -18;
    /** Length of the stand-in reference signal: 2 s at 48 kHz. */
    public static final int REFERENCE_LENGTH = 96_000;
    private static final long SEED = 0x4E414D4CL; // "NAML"

    private NamLoudness() {
    }

    /** NAM's loudness of {@code model} on {@link #referenceSignal()}, dB. */
    public static double loudnessDb(StreamingModel model) {
        return loudnessDb(model, referenceSignal());
    }

    /**
     * {@code 20 log10(rms(model(signal)))}, the model started from silence (it runs on a fresh
     * instance; {@code model}'s own stream state is untouched). A silent output gives
     * {@link Double#NEGATIVE_INFINITY}, as NAM's formula does.
     */
    public static double loudnessDb(StreamingModel model, float[] signal) {
        Require.notNull("model", model);
        Require.notNull("signal", signal);
        if (signal.length == 0) {
            throw new IllegalArgumentException("signal must not be empty");
        }
        float[] y = model.processOffline(signal);
        double sum = 0;
        for (float v : y) {
            sum += (double) v * v;
        }
        return 20 * Math.log10(Math.sqrt(sum / y.length));
    }

    /**
     * convstream's reference signal: {@value #REFERENCE_LENGTH} samples of pink noise (white
     * Gaussian noise through Paul Kellet's refined pink filter: -3 dB per octave, within 0.05 dB
     * above about 10 Hz as its author states), scaled to {@value #REFERENCE_RMS_DB} dBFS RMS; the
     * same samples on every run and every JVM.
     */
    public static float[] referenceSignal() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        double[] white = new double[REFERENCE_LENGTH];
        for (int i = 0; i < white.length; i++) {
            white[i] = gaussian(rnd);
        }
        double[] p = PinkNoise.fromWhite(white);
        double sum = 0;
        for (double v : p) {
            sum += v * v;
        }
        double scale = StrictMath.pow(10, REFERENCE_RMS_DB / 20) / StrictMath.sqrt(sum / p.length);
        float[] x = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            x[i] = (float) (p[i] * scale);
        }
        return x;
    }

    /** Box-Muller on StrictMath, so the samples do not depend on the JVM or its JIT. */
    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }
}
