package dev.convstream.model.nam;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.Fir;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.WaveNet;
import dev.convstream.model.WaveNetConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * A loaded and checked {@code .nam} file. {@code weights} already has the length the
 * architecture needs. Exactly one of {@code wavenet} and {@code fir} is set, as
 * {@code architecture} says.
 *
 * @param source the file name, used in messages
 * @param sampleRate Hz; 48000 when the file does not say
 */
public record NamFile(String source, String version, String architecture, WaveNetConfig wavenet, FirConfig fir,
                      float[] weights, double sampleRate, NamMetadata metadata) {

    /** NAM's "Linear" config: {@code receptive_field} taps, optional bias. */
    public record FirConfig(int receptiveField, boolean bias) {
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
        float[] ir = java.util.Arrays.copyOf(weights, fir.receptiveField());
        return new Fir(ir, fir.bias() ? weights[fir.receptiveField()] : null, kernels);
    }

    /**
     * This file as NAM core runs it with its fast-tanh switch on: every Tanh activation (of a
     * layer, and so of a gate's first half) is NAM core's rational approximation; Sigmoid,
     * Fasttanh and the other activations, and Linear models, are unchanged. See
     * {@code docs/nam-fast-tanh.md}.
     */
    public NamFile withFastTanh() {
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
                weights, sampleRate, metadata);
    }

    @Override
    public float[] weights() {
        return weights.clone();
    }
}
