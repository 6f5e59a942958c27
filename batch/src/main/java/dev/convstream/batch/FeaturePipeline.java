package dev.convstream.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.features.FeatureExtractor;
import dev.convstream.features.FeatureKind;
import dev.convstream.features.FeatureLayout;
import dev.convstream.features.FeatureSpec;
import dev.convstream.features.LogMelConfig;
import dev.convstream.features.LogMelSpectrogram;
import dev.convstream.features.SpectralFeatures;
import dev.convstream.features.cnn.LayerDef;
import dev.convstream.features.rtneural.RtNeuralLoader;
import dev.convstream.features.rtneural.RtNeuralModel;
import dev.convstream.layer.Layer;
import dev.convstream.layer.Sequential;
import dev.convstream.tensor.Tensor;
import java.util.List;

/**
 * What one file becomes: the log-mel front end, then optionally a CNN.
 *
 * <h2>Output shapes (row-major float32, what the .npy / .csv files hold)</h2>
 * <ul>
 * <li>without a CNN: the {@link FeatureSpec}'s features, {@code [frames][features]} or, with
 *     {@link FeatureLayout#FEATURES_FIRST}, {@code [features][frames]} (log-mel, mel, MFCC,
 *     STFT or STFT dB; see {@link FeatureKind});</li>
 * <li>CNN, {@link CnnOutput#FRAMES}: {@code [frames'][C]}, one row per output time frame
 *     ({@link FeatureExtractor#forwardFrames}: the stack without its global pool, averaged over
 *     the mel axis; frames' = frames divided by the time pooling), or {@code [C][frames']}
 *     features-first;</li>
 * <li>a frame-wise RTNeural model ({@link #withFrameModel}): {@code [frames][out]}, the model
 *     stepped causally over the feature frames (its input is one feature frame), or
 *     {@code [out][frames]} features-first;</li>
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
     * @param frames time frames in the output (1 for an embedding)
     * @param logMel the log-mel spectrogram {@code [1][1][frames][n_mels]} (for pictures), or
     *               null for features other than log-mel
     */
    public record Result(float[] data, int[] shape, int frames, Tensor logMel) {
    }

    private final FeatureSpec spec;
    private final SpectralFeatures features;
    private final FeatureExtractor cnn;
    private final CnnOutput output;
    private final String cnnIdentity;
    private final String frameModelJson;   // an RTNeural model, parsed per file: a model is stateful
    private final int frameModelOutput;

    private FeaturePipeline(FeatureSpec spec, FeatureExtractor cnn, CnnOutput output, String cnnIdentity,
                            String frameModelJson, int frameModelOutput) {
        this.spec = spec;
        this.features = new SpectralFeatures(spec);
        this.cnn = cnn;
        this.output = output;
        this.cnnIdentity = cnnIdentity;
        this.frameModelJson = frameModelJson;
        this.frameModelOutput = frameModelOutput;
    }

    /**
     * The spec's features, then an RTNeural model (its JSON text) stepped over them frame by
     * frame, causally from zero history, as RTNeural runs it.
     *
     * @param identity names the model in the settings (e.g. its checksum)
     * @throws IllegalArgumentException when the model is not valid RTNeural JSON or its input
     *                                  frame is not one feature frame of the spec
     */
    public static FeaturePipeline withFrameModel(FeatureSpec spec, String modelJson, String identity) {
        RtNeuralModel model = new RtNeuralLoader().parse(modelJson);
        if (model.inputSize() != spec.featureSize()) {
            throw new IllegalArgumentException("the RTNeural model takes frames of " + model.inputSize()
                    + " values, the front end gives " + spec.featureSize() + " " + spec.kind().cliName()
                    + " values per frame");
        }
        return new FeaturePipeline(spec, null, null, identity, modelJson, model.outputSize());
    }

    /** Log-mel spectrograms only, {@code [frames][n_mels]}. */
    public static FeaturePipeline logMel(LogMelConfig config) {
        return of(FeatureSpec.logMel(config));
    }

    /** The spec's features only. */
    public static FeaturePipeline of(FeatureSpec spec) {
        return new FeaturePipeline(spec, null, null, null, null, 0);
    }

    /** Log-mel, then {@code cnn}, written frames-first. */
    public static FeaturePipeline withCnn(LogMelConfig config, FeatureExtractor cnn, CnnOutput output, String identity) {
        return withCnn(FeatureSpec.logMel(config), cnn, output, identity);
    }

    /**
     * Log-mel, then {@code cnn}; per-frame CNN output in the spec's layout.
     *
     * @param identity names the CNN in the settings fingerprint (e.g. checksums of its files), so
     *                 a resumed batch with other weights recomputes everything
     * @throws IllegalArgumentException when the CNN does not take 1 channel of {@code n_mels}
     *                                  bands, or an embedding is asked of a stack without a final global pool,
     *                                  or the spec's features are not log-mel
     */
    public static FeaturePipeline withCnn(FeatureSpec spec, FeatureExtractor cnn, CnnOutput output, String identity) {
        if (spec.kind() != FeatureKind.LOG_MEL) {
            throw new IllegalArgumentException("a CNN takes log-mel input, not " + spec.kind().cliName() + " features");
        }
        LogMelConfig config = spec.config();
        if (cnn.architecture().inputChannels() != 1 || cnn.architecture().melBands() != config.nMels()) {
            throw new IllegalArgumentException("the CNN takes " + cnn.architecture().inputChannels() + " channel(s) of "
                    + cnn.architecture().melBands() + " mel bands, the front end gives 1 channel of n_mels = "
                    + config.nMels() + ": set --n-mels " + cnn.architecture().melBands());
        }
        if (output == CnnOutput.EMBEDDING && !endsWithGlobalPool(cnn)) {
            throw new IllegalArgumentException("an embedding needs an architecture whose last layer is global_avg_pool;"
                    + " use per-frame output instead");
        }
        return new FeaturePipeline(spec, cnn, output, identity, null, 0);
    }

    private static boolean endsWithGlobalPool(FeatureExtractor cnn) {
        List<LayerDef> layers = cnn.architecture().layers();
        return !layers.isEmpty() && layers.get(layers.size() - 1) instanceof LayerDef.GlobalAvgPool;
    }

    public LogMelConfig config() {
        return spec.config();
    }

    public FeatureSpec spec() {
        return spec;
    }

    public int sampleRate() {
        return spec.config().sampleRate();
    }

    /**
     * Output rows per second of audio: {@code sample_rate / hop} for spectral features and
     * per-frame CNN output (its time stride is 1), NaN for a clip embedding.
     */
    public double frameRateHz() {
        return cnn != null && output == CnnOutput.EMBEDDING ? Double.NaN
                : (double) sampleRate() / spec.config().stft().hop();
    }

    public boolean hasCnn() {
        return cnn != null;
    }

    /** Everything that determines the output, as a JSON object: equal settings, equal features. */
    public ObjectNode settings() {
        ObjectNode n = FeatureSettings.of(spec, features);
        if (cnn != null) {
            ObjectNode c = n.putObject("cnn");
            c.put("identity", cnnIdentity);
            c.put("output", output.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (frameModelJson != null) {
            n.putObject("rtneural").put("identity", cnnIdentity);
        }
        return n;
    }

    /** The shape written, in words, e.g. {@code [frames][64] log-mel dB}. */
    public String shapeDescription() {
        boolean framesFirst = spec.layout() == FeatureLayout.FRAMES_FIRST;
        if (frameModelJson != null) {
            return (framesFirst ? "[frames][" + frameModelOutput + "]" : "[" + frameModelOutput + "][frames]")
                    + " RTNeural model outputs";
        }
        if (cnn == null) {
            String size = Integer.toString(spec.featureSize());
            return (framesFirst ? "[frames][" + size + "]" : "[" + size + "][frames]") + " " + spec.kind().cliName()
                    + (spec.kind().inDecibels() ? " (dB)" : "");
        }
        if (output == CnnOutput.EMBEDDING) {
            return "[C] clip embedding";
        }
        return (framesFirst ? "[frames'][C]" : "[C][frames']") + " per-frame CNN features";
    }

    /** Features of mono audio at {@link #sampleRate()}. */
    public Result compute(float[] mono) {
        if (frameModelJson != null) {
            return frameModel(mono);
        }
        if (cnn == null) {
            Tensor t = features.compute(mono, sampleRate());
            int frames = features.frames(mono.length);
            int size = spec.featureSize();
            Tensor logMel = spec.kind() != FeatureKind.LOG_MEL ? null
                    : spec.layout() == FeatureLayout.FRAMES_FIRST ? Tensor.wrap(t.data(), 1, 1, frames, size)
                    : LogMelSpectrogram.toTimeMajor(t.data(), size, frames);
            return new Result(t.data(), t.shape(), frames, logMel);
        }
        float[] rows = features.computeRows(mono, sampleRate());
        Tensor mel = LogMelSpectrogram.toTimeMajor(rows, config().nMels(), features.frames(mono.length));
        if (output == CnnOutput.EMBEDDING) {
            Tensor e = cnn.forward(mel);
            return new Result(e.data(), new int[] {e.dim(1)}, 1, mel);
        }
        Tensor f = cnn.forwardFrames(mel);  // [1][C][T]
        int c = f.dim(1);
        int t = f.dim(2);
        return new Result(spec.layout().arrange(f.data(), c, t), spec.layout().shape(c, t), t, mel);
    }

    private Result frameModel(float[] mono) {
        int frames = features.frames(mono.length);
        int size = spec.featureSize();
        float[] in = FeatureLayout.FRAMES_FIRST.arrange(features.computeRows(mono, sampleRate()), size, frames);
        RtNeuralModel model = new RtNeuralLoader().parse(frameModelJson);
        float[] out = new float[frames * frameModelOutput];
        model.prepare(Math.max(frames, 1));
        model.reset();
        model.process(in, 0, out, 0, frames);
        float[] laidOut = spec.layout() == FeatureLayout.FRAMES_FIRST ? out
                : FeatureLayout.FRAMES_FIRST.arrange(out, frames, frameModelOutput); // [frames][out] transposed
        return new Result(laidOut, spec.layout().shape(frameModelOutput, frames), frames, null);
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
