package dev.convstream.capture;

import dev.convstream.audio.WavWriter;
import dev.convstream.capture.CaptureLayout.Kind;
import dev.convstream.capture.CaptureLayout.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Short layouts and synthesised "recordings" for the capture tests. */
final class TestCaptures {

    static final int RATE = 48_000;

    private TestCaptures() {
    }

    /** A 7.6-second layout with the shape of version 1; {@code markerGap} marks its version. */
    static CaptureLayout shortLayout(String version, int markerGap) {
        Role a = Role.ALIGNMENT;
        Role t = Role.TRAINING;
        Role v = Role.VALIDATION;
        return CaptureLayout.builder(version, RATE, 7)
                .silence("lead-in", a, 0.5)
                .addSamples("start blip", Kind.BLIP, a, CaptureLayout.BLIP_SAMPLES, CaptureLayout.BLIP_PEAK_DB)
                .addSamples("version gap", Kind.SILENCE, a, markerGap - CaptureLayout.BLIP_SAMPLES, 0)
                .addSamples("marker blip", Kind.BLIP, a, CaptureLayout.BLIP_SAMPLES, CaptureLayout.BLIP_PEAK_DB)
                .silence("settle", a, 0.6)
                .add("sweep", Kind.SWEEP, t, 1.0, -6)
                .add("guitar", Kind.GUITAR, t, 2.0, -3)
                .add("noise", Kind.WHITE_NOISE, t, 0.5, -12)
                .silence("validation lead-in", v, 0.1)
                .add("validation guitar", Kind.GUITAR, v, 1.0, -6)
                .silence("settle", a, 0.1)
                .addSamples("end blip", Kind.BLIP, a, CaptureLayout.BLIP_SAMPLES, CaptureLayout.BLIP_PEAK_DB)
                .silence("tail", a, 1.0)
                .build();
    }

    static final CaptureLayout SHORT = shortLayout("test-short", 36_000);
    static final CaptureLayout OTHER = shortLayout("test-other", 48_000);

    /** A memoryless gear stand-in: gain and an asymmetric tanh, so its latency is exactly the delay added. */
    static float[] gear(float[] x, double gain) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = gain * x[i];
            y[i] = (float) (0.8 * (v >= 0 ? Math.tanh(v) : 0.7 * Math.tanh(v / 0.7)));
        }
        return y;
    }

    /** {@link #gear} then a one-pole low-pass {@code y = 0.6 x + 0.4 y[n-1]}: a group delay of 0.67 samples at low frequencies. */
    static float[] darkGear(float[] x, double gain) {
        float[] y = gear(x, gain);
        double state = 0;
        for (int i = 0; i < y.length; i++) {
            state = 0.6 * y[i] + 0.4 * state;
            y[i] = (float) state;
        }
        return y;
    }

    /** {@code x} later by {@code lag} samples (earlier when negative), as long as {@code length}. */
    static float[] delay(float[] x, int lag, int length) {
        float[] y = new float[length];
        for (int i = 0; i < length; i++) {
            int j = i - lag;
            if (j >= 0 && j < x.length) {
                y[i] = x[j];
            }
        }
        return y;
    }

    /** Adds Gaussian noise of rms {@code rms}, as an interface's noise floor. */
    static float[] noise(float[] x, double rms, long seed) {
        Random r = new Random(seed);
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += (float) (rms * r.nextGaussian());
        }
        return y;
    }

    /**
     * {@code x} played on a clock {@code ratio} times as fast as the recorder's (linear
     * interpolation: enough for a 21 ms chirp below 12 kHz to keep its shape).
     */
    static float[] drift(float[] x, double ratio) {
        int n = (int) Math.floor((x.length - 1) / ratio);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i * ratio;
            int k = (int) t;
            double f = t - k;
            y[i] = (float) ((1 - f) * x[k] + f * x[Math.min(k + 1, x.length - 1)]);
        }
        return y;
    }

    static Path wav(Path file, float[] samples, int rate) throws IOException {
        WavWriter.write(file, new float[][] {samples}, rate, WavWriter.Format.PCM_24);
        return file;
    }
}
