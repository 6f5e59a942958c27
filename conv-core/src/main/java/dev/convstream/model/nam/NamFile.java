package dev.convstream.model.nam;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.ConvNet;
import dev.convstream.model.ConvNetConfig;
import dev.convstream.model.Fir;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.Lstm;
import dev.convstream.model.LstmConfig;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.WaveNet;
import dev.convstream.model.WaveNetConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * A loaded and checked {@code .nam} file. {@code weights} already has the length the
 * architecture needs. Exactly one of {@code wavenet}, {@code fir}, {@code lstm} and
 * {@code convNet} is set, as {@code architecture} says.
 *
 * @param source the file name, used in messages
 * @param sampleRate Hz; 48000 when the file does not say
 * @param fastTanh whether this is a file as NAM core runs it with its fast-tanh switch on
 *                 ({@link #withFastTanh()}); the LSTM reads it, WaveNet and ConvNet carry it in
 *                 their activations
 */
public record NamFile(String source, String version, String architecture, WaveNetConfig wavenet, FirConfig fir,
                      LstmConfig lstm, ConvNetConfig convNet, boolean fastTanh, float[] weights, double sampleRate,
                      NamMetadata metadata) {

    /** A WaveNet or Linear file. */
    public NamFile(String source, String version, String architecture, WaveNetConfig wavenet, FirConfig fir,
                   float[] weights, double sampleRate, NamMetadata metadata) {
        this(source, version, architecture, wavenet, fir, null, null, false, weights, sampleRate, metadata);
    }

    /**
     * NAM's "Linear" config: {@code receptive_field} taps, optional bias. {@code channels}
     * ({@code in_channels} = {@code out_channels}) channels each filtered alone by the one
     * impulse response, as NAM core does; {@code implementation} is NAM core's choice of engine
     * ("auto", "direct" or "fft"), which changes its speed, not its output.
     */
    public record FirConfig(int receptiveField, boolean bias, int channels, String implementation) {
        /** Mono, engine left to the player. */
        public FirConfig(int receptiveField, boolean bias) {
            this(receptiveField, bias, 1, "auto");
        }

        public long weightCount() {
            return receptiveField + (bias ? 1 : 0);
        }
    }

    /** A new streaming model for these weights on {@link Kernels#preferred()} (call {@code prepare} before use). */
    public StreamingModel newModel() {
        return newModel(Kernels.preferred());
    }

    /** A new streaming model for these weights on {@code kernels} (call {@code prepare} before use). */
    public StreamingModel newModel(Kernels kernels) {
        if (wavenet != null) {
            return new WaveNet(wavenet, weights, kernels);
        }
        if (lstm != null) {
            return new Lstm(lstm, weights, fastTanh, kernels);
        }
        if (convNet != null) {
            return new ConvNet(convNet, weights, kernels);
        }
        float[] ir = java.util.Arrays.copyOf(weights, fir.receptiveField());
        return new Fir(ir, fir.bias() ? weights[fir.receptiveField()] : null, kernels);
    }

    /**
     * This file as NAM core runs it with its fast-tanh switch on: every Tanh activation (of a
     * layer, and so of a gate's first half) is NAM core's rational approximation; Sigmoid,
     * Fasttanh and the other activations, and Linear models, are unchanged. A ConvNet's Tanh
     * becomes fast the same way; an LSTM's tanh and sigmoid both become NAM core's fast forms.
     * See {@code docs/nam-fast-tanh.md}.
     */
    public NamFile withFastTanh() {
        if (lstm != null) {
            return new NamFile(source, version, architecture, null, null, lstm, null, true, weights, sampleRate,
                    metadata);
        }
        if (convNet != null) {
            return new NamFile(source, version, architecture, null, null, null,
                    convNet.withActivation(NamActivations.withFastTanh(convNet.activation())), true, weights,
                    sampleRate, metadata);
        }
        if (wavenet == null) {
            return this;
        }
        List<LayerArrayConfig> arrays = new ArrayList<>();
        for (LayerArrayConfig a : wavenet.layerArrays()) {
            arrays.add(new LayerArrayConfig(a.inputSize(), a.conditionSize(), a.headSize(), a.channels(),
                    a.kernelSize(), a.dilations(), NamActivations.withFastTanh(a.activation()), a.gated(),
                    a.headBias()));
        }
        return new NamFile(source, version, architecture, new WaveNetConfig(arrays, wavenet.headScale()), fir,
                null, null, true, weights, sampleRate, metadata);
    }

    @Override
    public float[] weights() {
        return weights.clone();
    }
}
