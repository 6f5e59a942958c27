package dev.convstream.batch;

import dev.convstream.features.FeatureExtractor;
import dev.convstream.features.LogMelConfig;
import dev.convstream.features.LogMelSpectrogram;
import dev.convstream.features.cnn.LayerDef;
import dev.convstream.layer.Layer;
import dev.convstream.layer.Sequential;
import dev.convstream.tensor.Tensor;
import java.util.List;

/**
 * What one file becomes: the log-mel front end, then optionally a CNN.
 *
 * <h2>Output shapes (row-major float32, what the .npy / .csv files hold)</h2>
 * <ul>
 * <li>log-mel only: {@code [frames][n_mels]} (dB), one row per STFT frame;</li>
 * <li>CNN, {@link CnnOutput#FRAMES}: {@code [frames'][C]}, one row per output time frame
 *     ({@link FeatureExtractor#forwardFrames}: the stack without its global pool, averaged over
 *     the mel axis; frames' = frames divided by the time pooling);</li>
 * <li>CNN, {@link CnnOutput#EMBEDDING}: {@code [C]}, the clip embedding of an architecture that
 *     ends with {@code global_avg_pool}.</li>
 * </ul>
 * Immutable and thread-safe (the front end and the extractor are).
 */
public final class FeaturePipeline {

    /** Which CNN output is written. */
    public enum CnnOutput { FRAMES, EMBEDDING }

    /**
     * One file's features.
     *
     * @param data   row-major values
     * @param shape  their shape (see the class comment)
     * @param logMel the log-mel spectrogram {@code [1][1][frames][n_mels]} (for pictures)
     */
    public record Result(float[] data, int[] shape, Tensor logMel) {
        /** Rows: time frames, or 1 for an embedding. */
        public int frames() {
            return shape.length == 1 ? 1 : shape[0];
        }
    }

    private final LogMelSpectrogram frontEnd;
    private final FeatureExtractor cnn;
    private final CnnOutput output;
    private final String cnnIdentity;

    private FeaturePipeline(LogMelConfig config, FeatureExtractor cnn, CnnOutput output, String cnnIdentity) {
        this.frontEnd = new LogMelSpectrogram(config);
        this.cnn = cnn;
        this.output = output;
        this.cnnIdentity = cnnIdentity;
    }

    /** Log-mel spectrograms only. */
    public static FeaturePipeline logMel(LogMelConfig config) {
        return new FeaturePipeline(config, null, null, null);
    }

    /**
     * Log-mel, then {@code cnn}.
     *
     * @param identity names the CNN in the settings fingerprint (e.g. checksums of its files), so
     *                 a resumed batch with other weights recomputes everything
     * @throws IllegalArgumentException when the CNN does not take 1 channel of {@code n_mels}
     *                                  bands, or an embedding is asked of a stack without a final global pool
     */
    public static FeaturePipeline withCnn(LogMelConfig config, FeatureExtractor cnn, CnnOutput output, String identity) {
        if (cnn.architecture().inputChannels() != 1 || cnn.architecture().melBands() != config.nMels()) {
            throw new IllegalArgumentException("the CNN takes " + cnn.architecture().inputChannels() + " channel(s) of "
                    + cnn.architecture().melBands() + " mel bands, the front end gives 1 channel of n_mels = "
                    + config.nMels() + ": set --n-mels " + cnn.architecture().melBands());
        }
        if (output == CnnOutput.EMBEDDING && !endsWithGlobalPool(cnn)) {
            throw new IllegalArgumentException("an embedding needs an architecture whose last layer is global_avg_pool;"
                    + " use per-frame output instead");
        }
        return new FeaturePipeline(config, cnn, output, identity);
    }

    private static boolean endsWithGlobalPool(FeatureExtractor cnn) {
        List<LayerDef> layers = cnn.architecture().layers();
        return !layers.isEmpty() && layers.get(layers.size() - 1) instanceof LayerDef.GlobalAvgPool;
    }

    public LogMelConfig config() {
        return frontEnd.config();
    }

    public int sampleRate() {
        return frontEnd.config().sampleRate();
    }

    public boolean hasCnn() {
        return cnn != null;
    }

    /** Everything that determines the output, as text: equal fingerprints, equal features. */
    public String fingerprint() {
        return "logmel=" + frontEnd.config() + (cnn == null ? "" : ";cnn=" + cnnIdentity + ";output=" + output);
    }

    /** The shape written, in words, e.g. {@code [frames][64] log-mel dB}. */
    public String shapeDescription() {
        if (cnn == null) {
            return "[frames][" + config().nMels() + "] log-mel (dB)";
        }
        return output == CnnOutput.EMBEDDING ? "[C] clip embedding" : "[frames'][C] per-frame CNN features";
    }

    /** Features of mono audio at {@link #sampleRate()}. */
    public Result compute(float[] mono) {
        Tensor mel = frontEnd.compute(mono, sampleRate());
        if (cnn == null) {
            return new Result(mel.data(), new int[] {mel.dim(2), mel.dim(3)}, mel);
        }
        if (output == CnnOutput.EMBEDDING) {
            Tensor e = cnn.forward(mel);
            return new Result(e.data(), new int[] {e.dim(1)}, mel);
        }
        Tensor f = cnn.forwardFrames(mel);  // [1][C][T]
        int c = f.dim(1);
        int t = f.dim(2);
        float[] x = f.data();
        float[] rows = new float[c * t];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < t; i++) {
                rows[i * c + ch] = x[ch * t + i];
            }
        }
        return new Result(rows, new int[] {t, c}, mel);
    }

    /**
     * The CNN's feature maps before its global pool, {@code [1][C][frames'][bands']}, for
     * pictures; null without a CNN.
     */
    public Tensor featureMaps(Tensor logMel) {
        if (cnn == null) {
            return null;
        }
        List<Layer> layers = cnn.layers().layers();
        if (endsWithGlobalPool(cnn)) {
            layers = layers.subList(0, layers.size() - 1);
        }
        return layers.isEmpty() ? logMel : new Sequential(layers).forward(logMel);
    }
}
