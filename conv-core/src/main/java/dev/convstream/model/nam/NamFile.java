package dev.convstream.model.nam;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.ChannelFir;
import dev.convstream.model.ConvNet;
import dev.convstream.model.ConvNetConfig;
import dev.convstream.model.Fir;
import dev.convstream.model.LinearConfig;
import dev.convstream.model.Lstm;
import dev.convstream.model.LstmConfig;
import dev.convstream.model.SlimmableContainer;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.WaveNet;
import dev.convstream.model.WaveNetConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * A loaded and checked {@code .nam} file. {@code weights} already has the length the
 * architecture needs. Exactly one of {@code wavenet}, {@code fir}, {@code lstm}, {@code convNet}
 * and {@code submodels} (a "SlimmableContainer": non-empty) is set, as {@code architecture} says.
 *
 * @param source           the file name, used in messages
 * @param submodels        a container's submodels, smallest first; empty for other architectures
 * @param fastTanh         whether this is a file as NAM core runs it with its fast-tanh switch on
 *                         ({@link #withFastTanh()}); the LSTM reads it, WaveNet and ConvNet carry
 *                         it in their activations
 * @param sampleRate       Hz; {@link NamLoader#DEFAULT_SAMPLE_RATE} when the file does not say
 * @param sampleRateStated whether the file states its sample rate
 * @param notes            what the loader assumed or could only partly honour (e.g. a newer 0.7
 *                         patch version, a missing sample rate), one sentence each
 */
public record NamFile(String source, String version, String architecture, WaveNetConfig wavenet, FirConfig fir,
                      LstmConfig lstm, ConvNetConfig convNet, List<Submodel> submodels, boolean fastTanh,
                      float[] weights, double sampleRate, boolean sampleRateStated, NamMetadata metadata,
                      List<String> notes) {

    /**
     * NAM's "Linear" config: {@code receptive_field} taps, optional bias. {@code channels}
     * ({@code in_channels}) = {@code outChannels}: that many channels each filtered alone by the
     * one impulse response, as NAM core does; unequal counts are read as {@code layout} says
     * ({@link LinearConfig.Layout}, chosen by the file's weight count); {@code implementation} is
     * NAM core's choice of engine ("auto", "direct" or "fft"), which changes its speed, not its output.
     */
    public record FirConfig(int receptiveField, boolean bias, int channels, int outChannels, String implementation,
                            LinearConfig.Layout layout) {
        /** Mono, engine left to the player. */
        public FirConfig(int receptiveField, boolean bias) {
            this(receptiveField, bias, 1, "auto");
        }

        /** {@code channels} in and out. */
        public FirConfig(int receptiveField, boolean bias, int channels, String implementation) {
            this(receptiveField, bias, channels, channels, implementation, LinearConfig.Layout.SHARED);
        }

        /** The model-level config (for a condition DSP, any channel counts). */
        public LinearConfig linear() {
            return new LinearConfig(receptiveField, bias, channels, outChannels, layout);
        }

        public long weightCount() {
            return linear().weightCount();
        }
    }

    /** One submodel of a container: it serves the sizes below {@code maxValue}. */
    public record Submodel(double maxValue, NamFile model) {
    }

    public NamFile {
        submodels = List.copyOf(submodels);
        notes = List.copyOf(notes);
    }

    /** A WaveNet or Linear file whose sample rate is stated, with nothing to note. */
    public NamFile(String source, String version, String architecture, WaveNetConfig wavenet, FirConfig fir,
                   float[] weights, double sampleRate, NamMetadata metadata) {
        this(source, version, architecture, wavenet, fir, null, null, List.of(), false, weights, sampleRate, true,
                metadata, List.of());
    }

    /** This file with {@code notes} in place of its own. */
    NamFile withNotes(List<String> notes) {
        return new NamFile(source, version, architecture, wavenet, fir, lstm, convNet, submodels, fastTanh, weights,
                sampleRate, sampleRateStated, metadata, notes);
    }

    /**
     * Channels the model reads: the WaveNet's {@code in_channels}, the LSTM's {@code input_size},
     * the ConvNet's {@code in_channels}, an unequal Linear's {@code in_channels}; 1 for a
     * container (its submodels are mono) and for a Linear of N = N channels (one response per
     * channel alone: a mono model on every channel).
     */
    public int inputChannels() {
        return wavenet != null ? wavenet.inChannels() : lstm != null ? lstm.inputSize()
                : convNet != null ? convNet.inChannels()
                : fir != null && fir.channels() != fir.outChannels() ? fir.channels() : 1;
    }

    /** Channels the model writes (see {@link #inputChannels()}). */
    public int outputChannels() {
        return wavenet != null ? wavenet.outChannels() : lstm != null ? lstm.outChannels()
                : convNet != null ? convNet.outChannels()
                : fir != null && fir.channels() != fir.outChannels() ? fir.outChannels() : 1;
    }

    /** Whether the model is mono in and out: a player runs one per channel of a stream. */
    public boolean isMono() {
        return inputChannels() == 1 && outputChannels() == 1;
    }

    /** Whether this is a container of submodels. */
    public boolean isContainer() {
        return !submodels.isEmpty();
    }

    /** The submodel NAM core runs by default (the last); 0 for a single model. */
    public int defaultSubmodel() {
        return Math.max(0, submodels.size() - 1);
    }

    /** The submodel NAM core picks for size {@code v} in [0, 1]: the first whose max value is above v, else the last. */
    public int submodelForSize(double v) {
        return isContainer() ? SlimmableContainer.indexForSize(maxValues(), v) : 0;
    }

    private double[] maxValues() {
        return submodels.stream().mapToDouble(Submodel::maxValue).toArray();
    }

    /** A new streaming model for these weights on {@link Kernels#preferred()} (call {@code prepare} before use). */
    public StreamingModel newModel() {
        return newModel(Kernels.preferred());
    }

    /**
     * A new streaming model for these weights on {@code kernels} (call {@code prepare} before
     * use); a container gives a {@link SlimmableContainer} playing its default submodel. Its
     * {@link StreamingModel#inputChannels()} and {@link StreamingModel#outputChannels()} are the
     * file's ({@link #inputChannels()}, {@link #outputChannels()}); a Linear of N = N channels
     * filters each channel alone, so it gives the mono {@link Fir}, run once per channel.
     */
    public StreamingModel newModel(Kernels kernels) {
        if (isContainer()) {
            List<StreamingModel> models = new ArrayList<>();
            for (Submodel s : submodels) {
                models.add(s.model().newModel(kernels));
            }
            return new SlimmableContainer(models, maxValues());
        }
        if (wavenet != null) {
            return new WaveNet(wavenet, weights, kernels);
        }
        if (lstm != null) {
            return new Lstm(lstm, weights, fastTanh, kernels);
        }
        if (convNet != null) {
            return new ConvNet(convNet, weights, kernels);
        }
        if (fir.channels() != fir.outChannels()) {
            return new ChannelFir(fir.linear(), weights, kernels);
        }
        float[] ir = java.util.Arrays.copyOf(weights, fir.receptiveField());
        return new Fir(ir, fir.bias() ? weights[fir.receptiveField()] : null, kernels);
    }

    /**
     * This file as NAM core runs it with its fast-tanh switch on: every Tanh activation (of a
     * layer, a gate's either half, a post-stack head, a condition DSP, a ConvNet, every
     * submodel) is NAM core's rational approximation, and an LSTM's tanh and sigmoid both become
     * NAM core's fast forms; Sigmoid, Fasttanh and the other activations, and Linear models, are
     * unchanged. See {@code docs/nam-fast-tanh.md}.
     */
    public NamFile withFastTanh() {
        List<Submodel> subs = submodels;
        if (isContainer()) {
            List<Submodel> fast = new ArrayList<>();
            for (Submodel s : submodels) {
                fast.add(new Submodel(s.maxValue(), s.model().withFastTanh()));
            }
            subs = fast;
        }
        WaveNetConfig w = wavenet == null ? null : wavenet.mapActivations(NamActivations::withFastTanh);
        ConvNetConfig c = convNet == null ? null : convNet.withActivation(NamActivations.withFastTanh(convNet.activation()));
        return new NamFile(source, version, architecture, w, fir, lstm, c, subs, true, weights, sampleRate,
                sampleRateStated, metadata, notes);
    }

    @Override
    public float[] weights() {
        return weights.clone();
    }
}
