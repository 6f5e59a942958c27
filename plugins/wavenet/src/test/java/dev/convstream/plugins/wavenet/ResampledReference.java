package dev.convstream.plugins.wavenet;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.resample.Resampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What a model at another rate than the host's must give, computed offline with conv-core's
 * {@link Resampler}: the input resampled to the model's rate after the rate adapter's input
 * shift, the model run on the whole signal, the result resampled back. Output sample {@code i}
 * is the plugin's output {@code i + shift} samples later ({@link #shift}), the host's
 * {@code latencySamples()} in all: the input stage's half filter plus this shift.
 */
final class ResampledReference {
    private ResampledReference() {
    }

    /** The offline chain, {@code x.length - shift(...)} samples at the host's rate. */
    static float[] of(Path model, float[] x, double hostRate, Kernels k) throws IOException {
        double rate = new NamLoader().load(model).sampleRate();
        Resampler toModel = new Resampler(hostRate, rate);
        int half = toModel.taps() / 2;
        float[] delayed = new float[half + x.length];
        System.arraycopy(x, 0, delayed, half, x.length);
        float[] atModelRate = new NamLoader().load(model).newModel(k).processOffline(toModel.resample(delayed));
        float[] back = new Resampler(rate, hostRate).resample(atModelRate);
        return Arrays.copyOf(back, x.length - shift(model, hostRate));
    }

    /** The output stage's shift, in host samples. */
    static int shift(Path model, double hostRate) throws IOException {
        double rate = new NamLoader().load(model).sampleRate();
        return new Resampler(rate, hostRate).newStream().latencyOutputSamples();
    }

    /** The input stage's shift, in host samples. */
    static int inputShift(Path model, double hostRate) throws IOException {
        double rate = new NamLoader().load(model).sampleRate();
        return new Resampler(hostRate, rate).taps() / 2;
    }
}
