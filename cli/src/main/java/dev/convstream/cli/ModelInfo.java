package dev.convstream.cli;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.SlimmableContainer;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.WaveNetConfig;
import dev.convstream.model.nam.NamFile;
import java.util.Random;

/** What {@code convstream info} says about a {@code .nam} model: size, cost, reach and speed. */
final class ModelInfo {

    private ModelInfo() {
    }

    /** Stored floats (weights and biases) of the model that plays (a container: its chosen submodel). */
    static long parameters(NamFile m) {
        if (m.isContainer()) {
            throw new IllegalArgumentException("a container: ask about one of its submodels");
        }
        if (m.wavenet() == null) {
            return m.fir().weightCount();
        }
        WaveNetConfig w = m.wavenet();
        return w.weightCount() + (w.conditionDsp() == null ? 0 : w.conditionDsp().config().weightCount());
    }

    /**
     * Multiply-adds per output sample: every conv, 1x1 and FiLM weight once per sample (biases
     * and activations not counted), the condition DSP's included, plus the head scale.
     */
    static long macsPerSample(NamFile m) {
        if (m.wavenet() == null) {
            return m.fir().receptiveField();
        }
        return m.wavenet().macsPerSample() + 1;
    }

    /**
     * Which tanh {@code m} (loaded with {@code NamLoader.withFastTanh(fast)}) computes, for the
     * {@code tanh} line of {@code info}.
     */
    static String tanh(NamFile m, boolean fast) {
        String choice = fast ? "fast (NAM core's fast_tanh for every Tanh, as the NAM plugin plays it; sigmoid exact)"
                : "exact (--tanh fast for NAM core's fast tanh, as the NAM plugin plays it)";
        boolean[] anyTanh = {false};
        if (m.wavenet() != null) {
            m.wavenet().mapActivations(f -> {
                anyTanh[0] |= f instanceof ActivationFunction.Tanh || f instanceof ActivationFunction.FastTanh;
                return f;
            });
        }
        return anyTanh[0] ? choice : choice + "; no Tanh in this model, so both give the same output";
    }

    static int receptiveField(NamFile m) {
        return m.wavenet() != null ? m.wavenet().receptiveField() : m.fir().receptiveField();
    }

    /** The model that plays: {@code m} itself, or the container's submodel {@code index}. */
    static NamFile playing(NamFile m, int index) {
        return m.isContainer() ? m.submodels().get(index).model() : m;
    }

    /** A timed run of the streaming model. */
    record Speed(int blockSize, double warmupSeconds, long samples, double seconds, double sampleRate) {
        /** Seconds of audio per second of compute. */
        double realTimeFactor() {
            return samples / sampleRate / seconds;
        }
    }

    /**
     * Streams noise through a fresh model in blocks of {@code blockSize}: first for
     * {@code warmupSeconds} of wall time, untimed, so the JIT compiles the kernels (the Vector
     * API path is many times slower interpreted), then for at least {@code measureSeconds},
     * timed.
     */
    static Speed measure(NamFile m, int submodel, Kernels kernels, int blockSize, double warmupSeconds,
                         double measureSeconds) {
        StreamingModel model = m.newModel(kernels);
        if (model instanceof SlimmableContainer c) {
            c.select(submodel);
        }
        model.prepare(blockSize);
        float[] in = new float[blockSize * 64];
        Random random = new Random(1);
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) (0.2 * random.nextGaussian());
        }
        float[] out = new float[in.length];
        runFor(model, in, out, blockSize, warmupSeconds);
        model.reset();
        long start = System.nanoTime();
        long samples = runFor(model, in, out, blockSize, measureSeconds);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Speed(blockSize, warmupSeconds, samples, seconds, m.sampleRate());
    }

    /** Processes {@code in} over and over, a buffer at a time, until {@code seconds} have passed. */
    private static long runFor(StreamingModel model, float[] in, float[] out, int block, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long samples = 0;
        do {
            for (int pos = 0; pos < in.length; pos += block) {
                model.process(in, pos, out, pos, block);
            }
            samples += in.length;
        } while (System.nanoTime() < end);
        return samples;
    }
}
