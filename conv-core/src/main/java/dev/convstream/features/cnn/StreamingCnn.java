package dev.convstream.features.cnn;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.stream.StreamingConv2d;
import dev.convstream.layer.ActivationFunction;
import dev.convstream.layer.PoolWindow;
import dev.convstream.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link CnnArchitecture} run one spectrogram frame at a time, causal in time, emitting one
 * feature vector {@code [C]} per frame: the stack's last feature frame {@code [C][W']}
 * averaged over W (mel). Equals {@link dev.convstream.features.FeatureExtractor#forwardFrames}
 * delayed by {@link #delay()} frames. A frame is one time step (H) of the
 * {@code [N][C][frames][mel_bands]} layout: {@code [C][mel_bands]} row-major.
 *
 * <h2>What streams</h2>
 * conv2d and dwsep_conv2d through conv-core's {@link StreamingConv2d} (time = H streamed;
 * here with time stride 1, zero time padding of at most the kernel history); batch norm and
 * activations per frame; max/avg pooling only over mel (time kernel 1, time stride 1, no time
 * padding); global_avg_pool (as the mean over mel, since the mean over time of a stream is the
 * caller's choice of window). Anything else is rejected at construction, naming the layer.
 *
 * <h2>Delay</h2>
 * Each conv has latency {@code d_w(k_w-1) - before_w}; the stack's delay D is their sum. Frame
 * t of the stream is offline frame {@code t - D}; the first D frames are zeros. So that every
 * conv sees exactly the zeros the offline padding gives, a conv's input frames that precede
 * the signal (index below the delay accumulated upstream) are replaced by zeros, not by the
 * bias/batch-norm values the upstream stages compute on their zero history.
 *
 * <p>{@link #step} does not allocate (except the activations that copy internally: gelu_tanh
 * and silu); not thread-safe.
 */
public final class StreamingCnn {
    private interface Stage {
        void run(float[] in, float[] out, long frame);

        int outputSize();
    }

    private final List<Stage> stages = new ArrayList<>();
    private final List<StreamingConv2d> convs = new ArrayList<>();
    private final float[][] buffers;
    private final int inputSize;
    private final int channels;
    private final int melBins;   // W of the last feature frame
    private final int delay;
    private long frame;

    public StreamingCnn(CnnArchitecture arch, CnnWeights weights, Kernels kernels) {
        int c = arch.inputChannels();
        int bins = arch.melBands(); // mel bins (W) of the current frame
        inputSize = c * bins;
        int d = 0;
        for (int i = 0; i < arch.layers().size(); i++) {
            LayerDef def = arch.layers().get(i);
            try {
                if (def instanceof LayerDef.Conv conv) {
                    d = addConv(conv.spec(), weights.get(conv.name() + ".weight"), weights.get(conv.name() + ".bias"),
                            bins, kernels, d);
                    c = conv.spec().outChannels();
                    bins = conv.spec().outputWidth(bins);
                } else if (def instanceof LayerDef.DepthwiseSeparable ds) {
                    d = addConv(ds.depthwise(), weights.get(ds.name() + ".depthwise.weight"),
                            weights.get(ds.name() + ".depthwise.bias"), bins, kernels, d);
                    bins = ds.depthwise().outputWidth(bins);
                    d = addConv(ds.pointwise(), weights.get(ds.name() + ".pointwise.weight"),
                            weights.get(ds.name() + ".pointwise.bias"), bins, kernels, d);
                    c = ds.pointwise().outChannels();
                } else if (def instanceof LayerDef.BatchNorm bn) {
                    stages.add(batchNorm(bn, weights, c, bins));
                } else if (def instanceof LayerDef.Activation a) {
                    stages.add(activation(a.function(), c * bins, kernels));
                } else if (def instanceof LayerDef.Pool p) {
                    Stage pool = pool(p, c, bins);
                    stages.add(pool);
                    bins = pool.outputSize() / c;
                }
                // GlobalAvgPool: the final mean over mel is always applied.
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layers[" + i + "] cannot stream: " + e.getMessage(), e);
            }
        }
        this.delay = d;
        this.channels = c;
        this.melBins = bins;
        buffers = new float[stages.size() + 1][];
        buffers[0] = new float[inputSize];
        for (int s = 0; s < stages.size(); s++) {
            buffers[s + 1] = new float[stages.get(s).outputSize()];
        }
        reset();
    }

    private static float[] data(Tensor t) {
        return t == null ? null : t.data();
    }

    private int addConv(Conv2dSpec spec, Tensor weight, Tensor bias, int bins, Kernels kernels, int upstreamDelay) {
        if (spec.strideH() != 1) {
            throw new IllegalArgumentException("conv2d time (H) stride " + spec.strideH()
                    + ": this stack emits one vector per input frame, so time strides must be 1");
        }
        StreamingConv2d conv = new StreamingConv2d(spec, weight.data(), data(bias), kernels);
        conv.prepare(bins);
        convs.add(conv);
        final int validFrom = upstreamDelay;
        final float[] zeros = new float[spec.inChannels() * bins];
        final int outputSize = conv.outputFrameSize();
        stages.add(new Stage() {
            @Override
            public void run(float[] in, float[] out, long frame) {
                // Frames before the signal reach a conv as the zeros offline padding gives,
                // not as what upstream layers compute on zero history.
                conv.process(frame < validFrom ? zeros : in, 0, out, 0);
            }

            @Override
            public int outputSize() {
                return outputSize;
            }
        });
        return upstreamDelay + conv.latency();
    }

    private static Stage batchNorm(LayerDef.BatchNorm def, CnnWeights w, int c, int bins) {
        if (def.channels() != c) {
            throw new IllegalArgumentException("batchnorm2d " + def.name() + " has " + def.channels()
                    + " channels, its input has " + c);
        }
        dev.convstream.layer.BatchNorm bn = new dev.convstream.layer.BatchNorm(w.get(def.name() + ".running_mean"),
                w.get(def.name() + ".running_var"), w.get(def.name() + ".weight"), w.get(def.name() + ".bias"), def.eps());
        float[] scale = bn.scale();
        float[] shift = bn.shift();
        return new Stage() {
            @Override
            public void run(float[] in, float[] out, long frame) {
                for (int ch = 0; ch < c; ch++) {
                    float s = scale[ch];
                    float t = shift[ch];
                    for (int i = ch * bins; i < (ch + 1) * bins; i++) {
                        out[i] = in[i] * s + t;
                    }
                }
            }

            @Override
            public int outputSize() {
                return c * bins;
            }
        };
    }

    private static Stage activation(ActivationFunction f, int size, Kernels kernels) {
        return new Stage() {
            @Override
            public void run(float[] in, float[] out, long frame) {
                System.arraycopy(in, 0, out, 0, size);
                f.apply(out, 0, size, kernels.math());
            }

            @Override
            public int outputSize() {
                return size;
            }
        };
    }

    private static Stage pool(LayerDef.Pool p, int c, int bins) {
        PoolWindow t = p.height();
        if (t.kernel() != 1 || t.stride() != 1 || t.padding() != 0) {
            throw new IllegalArgumentException((p.max() ? "maxpool2d" : "avgpool2d")
                    + " pools over time (time kernel " + t.kernel() + ", stride " + t.stride() + ", padding "
                    + t.padding() + "); only mel pooling (time kernel 1, stride 1, padding 0) streams frame by frame");
        }
        PoolWindow w = p.width();
        int outBins = w.outputSize((p.max() ? "MaxPool2d" : "AvgPool2d") + " width (mel)", bins, p.ceilMode());
        return new Stage() {
            @Override
            public void run(float[] in, float[] out, long frame) {
                for (int ch = 0; ch < c; ch++) {
                    for (int o = 0; o < outBins; o++) {
                        int start = o * w.stride() - w.padding();
                        float max = Float.NEGATIVE_INFINITY;
                        double sum = 0;
                        int count = 0;
                        for (int k = 0; k < w.kernel(); k++) {
                            int pos = start + k * w.dilation();
                            if (pos >= 0 && pos < bins) {
                                float v = in[ch * bins + pos];
                                if (v > max || Float.isNaN(v)) {
                                    max = v;
                                }
                                sum += v;
                                count++;
                            }
                        }
                        int divisor = p.countIncludePad()
                                ? Math.min(start + w.kernel(), bins + w.padding()) - start : count;
                        out[ch * outBins + o] = p.max() ? max : (float) (sum / divisor);
                    }
                }
            }

            @Override
            public int outputSize() {
                return c * outBins;
            }
        };
    }

    /** Values per input frame: {@code channels * mel_bands}, laid out {@code [C][mel]}. */
    public int inputSize() {
        return inputSize;
    }

    /** Values per output frame: the last stage's channels. */
    public int outputSize() {
        return channels;
    }

    /** Frames by which the stream lags the offline per-frame output: the sum of the convs' latencies. */
    public int delay() {
        return delay;
    }

    /** Zero history, frame count back to 0. */
    public void reset() {
        for (int i = 0; i < convs.size(); i++) { // indexed: an iterator would allocate on the audio thread
            convs.get(i).reset();
        }
        frame = 0;
    }

    /**
     * One input frame {@code [C][mel]} at {@code in[inOff..]} to one feature vector {@code [C']}
     * at {@code out[outOff..]}; zeros while the frame count is below {@link #delay()}.
     */
    public void step(float[] in, int inOff, float[] out, int outOff) {
        System.arraycopy(in, inOff, buffers[0], 0, inputSize);
        for (int s = 0; s < stages.size(); s++) {
            stages.get(s).run(buffers[s], buffers[s + 1], frame);
        }
        float[] last = buffers[stages.size()];
        boolean valid = frame >= delay;
        for (int ch = 0; ch < channels; ch++) {
            double sum = 0;
            for (int i = ch * melBins; i < (ch + 1) * melBins; i++) {
                sum += last[i];
            }
            out[outOff + ch] = valid ? (float) (sum / melBins) : 0f;
        }
        frame++;
    }

    @Override
    public String toString() {
        return "StreamingCnn(" + stages.size() + " stages, in " + inputSize + ", out " + channels + ", delay " + delay + ")";
    }
}
