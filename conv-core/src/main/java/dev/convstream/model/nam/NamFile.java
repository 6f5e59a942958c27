package dev.convstream.model.nam;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.Fir;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.WaveNet;
import dev.convstream.model.WaveNetConfig;

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

    @Override
    public float[] weights() {
        return weights.clone();
    }
}
