package dev.convstream.audio;

import dev.convstream.check.Require;

import be.tarsos.dsp.resample.Resampler;
import java.nio.FloatBuffer;

/**
 * Whole-signal sample-rate conversion with TarsosDSP's {@link Resampler} (libresample4j, a
 * port of libresample: windowed-sinc band-limited interpolation, Kaiser window, cut-off at
 * 0.45 of the lower rate). High-quality mode (35 zero crossings) is used: offline extraction
 * can afford it and the mel bands near Nyquist stay free of aliasing.
 */
public final class Resampling {
    private Resampling() {
    }

    /** Samples {@code x} taken at {@code from} Hz again at {@code to} Hz: {@code round(n * to / from)} samples. */
    public static float[] resample(float[] x, int from, int to) {
        Require.atLeastOne("source sample rate", from);
        Require.atLeastOne("target sample rate", to);
        if (from == to) {
            return x.clone();
        }
        double factor = (double) to / from;
        int expected = (int) Math.round(x.length * factor);
        Resampler r = new Resampler(true, factor, factor);
        // libresample consumes everything and flushes its filter tail when told this is the last batch.
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
