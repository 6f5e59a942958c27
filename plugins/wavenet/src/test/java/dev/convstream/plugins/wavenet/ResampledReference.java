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
        return of(model, new float[][] {x}, hostRate, k)[0];
    }

    /** The offline chain of a model of any channel counts: every input row in, every output row out. */
    static float[][] of(Path model, float[][] x, double hostRate, Kernels k) throws IOException {
        double rate = new NamLoader().load(model).sampleRate();
        Resampler toModel = new Resampler(hostRate, rate);
        int half = toModel.taps() / 2;
        float[][] atModelRate = new float[x.length][];
        for (int c = 0; c < x.length; c++) {
            float[] delayed = new float[half + x[c].length];
            System.arraycopy(x[c], 0, delayed, half, x[c].length);
            atModelRate[c] = toModel.resample(delayed);
        }
        float[][] y = new NamLoader().load(model).newModel(k).processOffline(atModelRate);
        float[][] back = new float[y.length][];
        for (int o = 0; o < y.length; o++) {
            back[o] = Arrays.copyOf(new Resampler(rate, hostRate).resample(y[o]), x[0].length - shift(model, hostRate));
        }
        return back;
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
