package dev.convstream.features.cnn;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.ElementwiseMath;
import dev.convstream.layer.GlobalAvgPool;
import dev.convstream.layer.PoolLayer;
import dev.convstream.layer.PoolWindow;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.stream.FrameByFrameProcessor;
import dev.convstream.stream.FrameProcessor;
import dev.convstream.stream.StreamingConv2d;
import dev.convstream.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link CnnArchitecture} run one spectrogram frame at a time, causal in time, emitting one
 * feature vector {@code [C]} per frame: the stack's last feature frame {@code [C][W']}
 * averaged over W (mel). Equals {@link dev.convstream.features.FeatureExtractor#forwardFrames}
 * delayed by {@link #latency()} frames. A frame is one time step (H) of the
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
 * Each conv has latency {@code d_h(k_h-1) - before_h} (time is H); the stack's delay D
 * ({@link #latency()}) is their sum. Frame
 * t of the stream is offline frame {@code t - D}; the first D frames are zeros. So that every
 * conv sees exactly the zeros the offline padding gives, a conv's input frames that precede
 * the signal (index below the delay accumulated upstream) are replaced by zeros, not by the
 * bias/batch-norm values the upstream stages compute on their zero history.
 *
 * <h2>Lifecycle</h2>
 * A {@link FrameProcessor}: {@link #prepare} allocates the frame buffers and every stage's state
 * (the stack itself runs its stages one frame at a time, so {@code maxBlockSize} only bounds the
 * frames of one call); after it, {@link #process}, {@link #step} and {@link #reset} do not
 * allocate: every stage works in place on buffers sized at prepare, the convs included. Not
 * thread-safe.
 */
public final class StreamingCnn extends FrameByFrameProcessor {
    private static final GlobalAvgPool MEAN_OVER_MEL = new GlobalAvgPool();
    /** The stages in order; each is a frame processor run one frame at a time. */
    private final List<FrameProcessor> stages;
    /** Per stage: the first frame whose input is signal (a conv's upstream delay), 0 for non-convs. */
    private final int[] signalFrom;
    private final int channels;
    private final int melBins;   // W of the last feature frame
    private final int delay;

    private float[][] buffers;
    private float[][] zeros;     // per stage: the silence a conv sees before the signal, or null
    private long frame;

    public StreamingCnn(CnnArchitecture arch, CnnWeights weights, Kernels kernels) {
        this(new Stages(arch, weights, kernels));
    }

    private StreamingCnn(Stages built) {
        super(built.inputSize, built.channels);
        this.stages = List.copyOf(built.stages);
        this.signalFrom = built.validFrom.stream().mapToInt(Integer::intValue).toArray();
        this.channels = built.channels;
        this.melBins = built.bins;
        this.delay = built.delay;
    }

    /** The architecture walked once: a stage per layer, with the frame shape and delay after each. */
    private static final class Stages {
        final List<FrameProcessor> stages = new ArrayList<>();
        final List<Integer> validFrom = new ArrayList<>();
        final int inputSize;
        int channels;
        int bins; // mel bins (W) of the current frame
        int delay;

        Stages(CnnArchitecture arch, CnnWeights weights, Kernels kernels) {
            channels = arch.inputChannels();
            bins = arch.melBands();
            inputSize = channels * bins;
            for (int i = 0; i < arch.layers().size(); i++) {
                LayerDef def = arch.layers().get(i);
                try {
                    if (def instanceof LayerDef.Conv conv) {
                        addConv(conv.spec(), weights.weight(conv.name()), weights.bias(conv.name()), kernels);
                    } else if (def instanceof LayerDef.DepthwiseSeparable ds) {
                        String dw = CnnWeights.depthwiseModule(ds);
                        String pw = CnnWeights.pointwiseModule(ds);
                        addConv(ds.depthwise(), weights.weight(dw), weights.bias(dw), kernels);
                        addConv(ds.pointwise(), weights.weight(pw), weights.bias(pw), kernels);
                    } else if (def instanceof LayerDef.BatchNorm bn) {
                        add(batchNorm(bn, weights, channels, bins), 0);
                    } else if (def instanceof LayerDef.Activation a) {
                        add(activation(a.function(), channels * bins, kernels.math()), 0);
                    } else if (def instanceof LayerDef.Pool p) {
                        FrameProcessor pool = pool(p, channels, bins);
                        add(pool, 0);
                        bins = pool.outputSize() / channels;
                    }
                    // GlobalAvgPool: the final mean over mel is always applied.
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("layers[" + i + "] cannot stream: " + e.getMessage(), e);
                }
            }
        }

        private void add(FrameProcessor stage, int firstSignalFrame) {
            stages.add(stage);
            validFrom.add(firstSignalFrame);
        }

        private void addConv(Conv2dSpec spec, Tensor weight, Tensor bias, Kernels kernels) {
            if (spec.strideH() != 1) {
                throw new IllegalArgumentException("conv2d time (H) stride " + spec.strideH()
                        + ": this stack emits one vector per input frame, so time strides must be 1");
            }
            StreamingConv2d conv = new StreamingConv2d(spec, bins, weight.data(), bias == null ? null : bias.data(),
                    kernels);
            // Frames before the signal reach a conv as the zeros offline padding gives,
            // not as what upstream layers compute on zero history.
            add(conv, delay);
            delay += conv.latency();
            channels = spec.outChannels();
            bins = conv.outputBins();
        }
    }

    private static FrameProcessor batchNorm(LayerDef.BatchNorm def, CnnWeights w, int c, int bins) {
        if (def.channels() != c) {
            throw new IllegalArgumentException("batchnorm2d " + def.name() + " has " + def.channels()
                    + " channels, its input has " + c);
        }
        dev.convstream.layer.BatchNorm bn = w.batchNorm(def);
        float[] scale = bn.scale();
        float[] shift = bn.shift();
        return new FrameByFrameProcessor(c * bins, c * bins) {
            @Override
            protected void apply(float[] in, int inOff, float[] out, int outOff) {
                for (int ch = 0; ch < c; ch++) {
                    float s = scale[ch];
                    float t = shift[ch];
                    for (int i = ch * bins; i < (ch + 1) * bins; i++) {
                        out[outOff + i] = in[inOff + i] * s + t;
                    }
                }
            }
        };
    }

    private static FrameProcessor activation(ActivationFunction f, int size, ElementwiseMath math) {
        return new FrameByFrameProcessor(size, size) {
            @Override
            protected void apply(float[] in, int inOff, float[] out, int outOff) {
                System.arraycopy(in, inOff, out, outOff, size);
                f.apply(out, outOff, size, math);
            }
        };
    }

    /** Pooling over mel only, each frame through conv-core's pooling layer as {@code c} planes of 1 x bins. */
    private static FrameProcessor pool(LayerDef.Pool p, int c, int bins) {
        PoolWindow t = p.height();
        if (t.kernel() != 1 || t.stride() != 1 || t.padding() != 0) {
            throw new IllegalArgumentException((p.max() ? "maxpool2d" : "avgpool2d")
                    + " pools over time (time kernel " + t.kernel() + ", stride " + t.stride() + ", padding "
                    + t.padding() + "); only mel pooling (time kernel 1, stride 1, padding 0) streams frame by frame");
        }
        PoolLayer layer = p.layer();
        int[] outShape = layer.outputShape(new int[] {1, c, 1, bins});
        return new FrameByFrameProcessor(c * bins, c * outShape[3]) {
            @Override
            protected void apply(float[] in, int inOff, float[] out, int outOff) {
                layer.poolPlanes(in, inOff, out, outOff, c, 1, bins);
            }
        };
    }

    /** Frames by which the stream lags the offline per-frame output: the sum of the convs' latencies. */
    @Override
    public int latency() {
        return delay;
    }

    /** Allocates one frame buffer per stage and prepares every stage for single frames, then resets. */
    @Override
    public void prepare(int maxBlockSize) {
        super.prepare(maxBlockSize);
        buffers = new float[stages.size() + 1][];
        zeros = new float[stages.size()][];
        buffers[0] = new float[inputSize()];
        for (int s = 0; s < stages.size(); s++) {
            FrameProcessor stage = stages.get(s);
            stage.prepare(1);
            buffers[s + 1] = new float[stage.outputSize()];
            zeros[s] = signalFrom[s] > 0 ? new float[stage.inputSize()] : null;
        }
        reset();
    }

    /** Zero history, frame count back to 0. */
    @Override
    public void reset() {
        for (int i = 0; i < stages.size(); i++) { // indexed: an iterator would allocate on the audio thread
            stages.get(i).reset();
        }
        frame = 0;
    }

    /**
     * One input frame {@code [C][mel]} to one feature vector {@code [C']}; zeros while the frame
     * count is below {@link #latency()}.
     */
    @Override
    protected void apply(float[] in, int inOff, float[] out, int outOff) {
        System.arraycopy(in, inOff, buffers[0], 0, inputSize());
        for (int s = 0; s < stages.size(); s++) {
            float[] stageIn = frame < signalFrom[s] ? zeros[s] : buffers[s];
            stages.get(s).process(stageIn, 0, buffers[s + 1], 0, 1);
        }
        if (frame >= delay) {
            MEAN_OVER_MEL.poolPlanes(buffers[stages.size()], 0, out, outOff, channels, melBins);
        } else {
            Arrays.fill(out, outOff, outOff + channels, 0f);
        }
        frame++;
    }

    @Override
    public String toString() {
        return "StreamingCnn(" + stages.size() + " stages, in " + inputSize() + ", out " + channels + ", delay " + delay + ")";
    }
}
