package dev.convstream.cli;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.LstmConfig;
import dev.convstream.model.SlimmableContainer;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.WaveNetConfig;
import dev.convstream.model.nam.NamFile;
import java.util.Random;

/** What {@code convstream info} says about a {@code .nam} model: size, cost, reach and speed. */
final class ModelInfo {

    private ModelInfo() {
    }

    /**
     * Stored floats of the model that plays (a container: its chosen submodel): weights and
     * biases; an LSTM's h0 and c0; batch norm statistics; a WaveNet's condition DSP.
     */
    static long parameters(NamFile m) {
        if (m.isContainer()) {
            throw new IllegalArgumentException("a container: ask about one of its submodels");
        }
        if (m.wavenet() == null) {
            return m.weights().length;
        }
        WaveNetConfig w = m.wavenet();
        return w.weightCount() + (w.conditionDsp() == null ? 0 : w.conditionDsp().model().weightCount());
    }

    /**
     * Multiply-adds per output sample: every conv, 1x1 and FiLM weight once per sample (biases
     * and activations not counted), the condition DSP's included, plus the head scale; an LSTM's
     * gates and head; a ConvNet's convs, folded batch norm scales and head.
     */
    static long macsPerSample(NamFile m) {
        if (m.wavenet() != null) {
            return m.wavenet().macsPerSample() + 1;
        }
        if (m.lstm() != null) {
            return m.lstm().macsPerSample();
        }
        if (m.convNet() != null) {
            return m.convNet().macsPerSample();
        }
        return m.fir().receptiveField();
    }

    /**
     * Which tanh {@code m} (loaded with {@code NamLoader.withFastTanh(fast)}) computes, for the
     * {@code tanh} line of {@code info}.
     */
    static String tanh(NamFile m, boolean fast) {
        String choice = fast ? "fast (NAM core's fast_tanh for every Tanh, as the NAM plugin plays it; sigmoid exact)"
                : "exact (--tanh fast for NAM core's fast tanh, as the NAM plugin plays it)";
        if (m.lstm() != null) {
            return fast ? "fast (NAM core's fast_tanh, and its fast sigmoid 0.5 (fast_tanh(x/2) + 1) for the gates,"
                    + " as the NAM plugin plays an LSTM)"
                    : "exact, tanh and sigmoid (--tanh fast for NAM core's fast tanh and sigmoid, as the NAM plugin"
                    + " plays it)";
        }
        boolean[] anyTanh = {m.convNet() != null && isTanh(m.convNet().activation())};
        if (m.wavenet() != null) {
            m.wavenet().mapActivations(f -> {
                anyTanh[0] |= isTanh(f);
                return f;
            });
        }
        return anyTanh[0] ? choice : choice + "; no Tanh in this model, so both give the same output";
    }

    private static boolean isTanh(ActivationFunction f) {
        return f instanceof ActivationFunction.Tanh || f instanceof ActivationFunction.FastTanh;
    }

    /** The receptive field in samples, or empty for a recurrent model (see {@link #reach}). */
    static java.util.OptionalInt receptiveField(NamFile m) {
        if (m.lstm() != null) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of(m.wavenet() != null ? m.wavenet().receptiveField()
                : m.convNet() != null ? m.convNet().receptiveField() : m.fir().receptiveField());
    }

    /** The layers of an LSTM, ConvNet or Linear model, one line each, for {@code info} (a WaveNet's: InfoCommand). */
    static java.util.List<String> layers(NamFile m) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        if (m.lstm() != null) {
            LstmConfig l = m.lstm();
            lines.add(l.numLayers() + " LSTM layer" + (l.numLayers() == 1 ? "" : "s") + " of " + l.hiddenSize()
                    + " units (input " + l.inputSize() + "), linear head");
        } else if (m.convNet() != null) {
            lines.add(m.convNet() + ", 1x1 head");
        } else {
            NamFile.FirConfig f = m.fir();
            lines.add("FIR of " + f.receptiveField() + " taps" + (f.bias() ? " + bias" : "")
                    + (f.channels() > 1 ? ", " + f.channels() + " channels each filtered alone" : "")
                    + ", implementation " + f.implementation() + " (NAM core's engine choice; convstream's own engine)");
        }
        return lines;
    }

    /**
     * How far back a sample's output reaches: the receptive field, or for an LSTM its state
     * (h and c per layer) and NAM core's prewarm.
     */
    static String reach(NamFile m, double sampleRate) {
        java.util.OptionalInt rf = receptiveField(m);
        if (rf.isPresent()) {
            return String.format(java.util.Locale.ROOT, "receptive field   %,d samples = %.1f ms", rf.getAsInt(),
                    1000.0 * rf.getAsInt() / sampleRate);
        }
        LstmConfig l = m.lstm();
        return String.format(java.util.Locale.ROOT, "state size        %,d floats (h and c per layer; recurrent, no"
                + " fixed receptive field); starts after %,d samples of silence from h0/c0 (NAM core's prewarm)",
                l.stateSize(), l.prewarmSamples());
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
        float[][] in = new float[model.inputChannels()][blockSize * 64];
        Random random = new Random(1);
        for (float[] row : in) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) (0.2 * random.nextGaussian());
            }
        }
        float[][] out = new float[model.outputChannels()][in[0].length];
        runFor(model, in, out, blockSize, warmupSeconds);
        model.reset();
        long start = System.nanoTime();
        long samples = runFor(model, in, out, blockSize, measureSeconds);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Speed(blockSize, warmupSeconds, samples, seconds, m.sampleRate());
    }

    /**
     * Processes {@code in} over and over, a buffer at a time, until {@code seconds} have passed:
     * a mono model through its mono call, one of several channels through the channel call.
     */
    private static long runFor(StreamingModel model, float[][] in, float[][] out, int block, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long samples = 0;
        boolean mono = model.inputChannels() == 1 && model.outputChannels() == 1;
        do {
            for (int pos = 0; pos < in[0].length; pos += block) {
                if (mono) {
                    model.process(in[0], pos, out[0], pos, block);
                } else {
                    model.process(in, pos, out, pos, block);
                }
            }
            samples += in[0].length;
        } while (System.nanoTime() < end);
        return samples;
    }

    /** "2 in, 3 out: reads a stream's first 2 channels, writes 3", or the mono line. */
    static String channels(NamFile m) {
        if (m.isMono()) {
            return "1 in, 1 out (mono: one instance per channel of the stream)";
        }
        return m.inputChannels() + " in, " + m.outputChannels() + " out (reads a stream's first " + m.inputChannels()
                + " channel(s), writes " + m.outputChannels() + ")";
    }
}
