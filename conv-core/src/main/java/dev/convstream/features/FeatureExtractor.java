package dev.convstream.features;

import dev.convstream.features.cnn.CnnArchitecture;
import dev.convstream.features.cnn.CnnWeights;
import dev.convstream.features.cnn.LayerDef;
import dev.convstream.features.cnn.StreamingCnn;
import dev.convstream.features.io.SafeTensors;
import dev.convstream.kernel.Kernels;
import dev.convstream.layer.Activation;
import dev.convstream.layer.Conv2d;
import dev.convstream.layer.DepthwiseSeparableConv2d;
import dev.convstream.layer.GlobalAvgPool;
import dev.convstream.layer.Layer;
import dev.convstream.layer.Sequential;
import dev.convstream.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An offline 2D CNN over log-mel spectrograms, built from conv-core layers as a
 * {@link CnnArchitecture} describes, with weights bound by PyTorch {@code state_dict} name
 * ({@link CnnWeights}).
 *
 * <p>Input {@code [N][channels][frames][mel_bands]} (H = time, W = mel band, the layout of
 * {@link LogMelSpectrogram} and of conv-core's {@link dev.convstream.stream.StreamingConv2d}).
 * {@link #forward} runs the whole stack: with a final {@code global_avg_pool} that is the clip
 * embedding {@code [N][C]}. {@link #forwardFrames} gives one vector per time frame instead:
 * the stack without the global pool, then the mean over the mel (W) axis,
 * {@code [N][C][frames']}; this is what {@link StreamingCnn} computes frame by frame.
 * Immutable and thread-safe.
 */
public final class FeatureExtractor {
    private final CnnArchitecture architecture;
    private final CnnWeights weights;
    private final Kernels kernels;
    private final Sequential body;      // everything but a final global pool
    private final Sequential whole;

    /** On {@link Kernels#preferred()}. */
    public FeatureExtractor(CnnArchitecture architecture, CnnWeights weights) {
        this(architecture, weights, Kernels.preferred());
    }

    public FeatureExtractor(CnnArchitecture architecture, CnnWeights weights, Kernels kernels) {
        this.architecture = architecture;
        this.weights = weights;
        this.kernels = kernels;
        List<Layer> layers = new ArrayList<>();
        for (LayerDef def : architecture.layers()) {
            layers.addAll(build(def));
        }
        boolean pooled = !architecture.layers().isEmpty()
                && architecture.layers().get(architecture.layers().size() - 1) instanceof LayerDef.GlobalAvgPool;
        this.whole = new Sequential(layers);
        this.body = pooled ? new Sequential(layers.subList(0, layers.size() - 1)) : whole;
    }

    /** Reads the architecture JSON and the safetensors weights; runs on {@link Kernels#preferred()}. */
    public static FeatureExtractor load(Path architectureJson, Path safetensors) throws IOException {
        return load(architectureJson, safetensors, Kernels.preferred());
    }

    /** Reads the architecture JSON and the safetensors weights. */
    public static FeatureExtractor load(Path architectureJson, Path safetensors, Kernels kernels) throws IOException {
        CnnArchitecture arch = CnnArchitecture.read(architectureJson);
        return new FeatureExtractor(arch, CnnWeights.bind(arch, SafeTensors.open(safetensors)), kernels);
    }

    private List<Layer> build(LayerDef def) {
        if (def instanceof LayerDef.Conv c) {
            return List.of(new Conv2d(c.spec(), weights.weight(c.name()), weights.bias(c.name()), kernels));
        }
        if (def instanceof LayerDef.DepthwiseSeparable d) {
            String dw = CnnWeights.depthwiseModule(d);
            String pw = CnnWeights.pointwiseModule(d);
            return List.of(new DepthwiseSeparableConv2d(
                    new Conv2d(d.depthwise(), weights.weight(dw), weights.bias(dw), kernels),
                    new Conv2d(d.pointwise(), weights.weight(pw), weights.bias(pw), kernels)));
        }
        if (def instanceof LayerDef.BatchNorm b) {
            return List.of(weights.batchNorm(b));
        }
        if (def instanceof LayerDef.Activation a) {
            return List.of(new Activation(a.function(), kernels));
        }
        if (def instanceof LayerDef.Pool p) {
            return List.of(p.layer());
        }
        return List.of(new GlobalAvgPool());
    }

    public CnnArchitecture architecture() {
        return architecture;
    }

    public CnnWeights weights() {
        return weights;
    }

    /** The conv-core layers, for reports ({@link Sequential#stackReport}). */
    public Sequential layers() {
        return whole;
    }

    /** The whole stack on {@code [N][channels][frames][mel_bands]}. */
    public Tensor forward(Tensor input) {
        checkInput(input);
        return whole.forward(input);
    }

    /** One vector per output time frame: the stack without its global pool, averaged over mel (W), {@code [N][C][frames']}. */
    public Tensor forwardFrames(Tensor input) {
        checkInput(input);
        Tensor map = body.forward(input);
        if (map.rank() != 4) {
            throw new IllegalStateException("the stack before the global pool gives rank " + map.rank() + ", expected 4");
        }
        int n = map.dim(0);
        int c = map.dim(1);
        int frames = map.dim(2);
        int mels = map.dim(3);
        Tensor out = Tensor.zeros(n, c, frames);
        float[] x = map.data();
        float[] y = out.data();
        for (int row = 0; row < n * c * frames; row++) {
            double sum = 0;
            for (int f = 0; f < mels; f++) {
                sum += x[row * mels + f];
            }
            y[row] = (float) (sum / mels);
        }
        return out;
    }

    /** A new frame-by-frame (time-causal) runner of the same stack; see {@link StreamingCnn} for what streams. */
    public StreamingCnn streaming() {
        return new StreamingCnn(architecture, weights, kernels);
    }

    private void checkInput(Tensor input) {
        if (input == null || input.rank() != 4 || input.dim(1) != architecture.inputChannels()
                || input.dim(3) != architecture.melBands()) {
            throw new IllegalArgumentException("FeatureExtractor input must be [N][" + architecture.inputChannels()
                    + "][frames][" + architecture.melBands() + "] (N, channels, time, mel bands), found "
                    + (input == null ? "null" : java.util.Arrays.toString(input.shape())));
        }
    }
}
