package dev.convstream.model;

import dev.convstream.check.Require;
import dev.convstream.kernel.Kernels;
import dev.convstream.layer.BatchNorm;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.stream.StreamingConv1d;
import dev.convstream.tensor.Tensor;

/**
 * Neural Amp Modeler's ConvNet as a streaming model: blocks of
 * {@code x = act(bn(conv_d(x)))}, each conv causal with two taps ({@code y[t] = W0 x[t-d] + W1 x[t] (+ b)}),
 * then {@code y = W_head . x + b_head}. Any {@code in_channels}, {@code out_channels} and
 * {@code groups} play through {@link #process(float[][], int, float[][], int, int)} (the mono call
 * needs 1 and 1) and run as a {@link ChannelModel} (a WaveNet's condition DSP). Batch norm is folded into a scale and shift per channel
 * by {@link BatchNorm} (its {@code eps} comes from the weight list).
 *
 * <p>Weight order, per block: conv {@code W[C][cin][2]}, then either the conv bias {@code b[C]}
 * (no batch norm) or {@code running_mean[C]}, {@code running_var[C]}, {@code weight[C]},
 * {@code bias[C]}, {@code eps}; after the blocks, the head {@code W[out][C]} and {@code b[out]}.
 *
 * <p>Each block's conv is a {@link StreamingConv1d}, which keeps its input's history. Silence in
 * gives every block a constant output per channel (biases and batch norm shifts make it non-zero),
 * so the state after endless silence, which NAM core reaches by running {@code 1 + sum d} zeros,
 * is computed once in {@link #prepare}: one frame per block through the same code as
 * {@link #process}, each conv's history set to its input's constant first
 * ({@link StreamingConv1d#resetToConstant}); {@link #reset} sets the histories to those constants.
 */
public final class ConvNet implements StreamingModel, ChannelModel {

    private final ConvNetConfig config;
    private final float[] weights;
    private final Kernels kernels;
    private final StreamingConv1d[] convs;
    private final float[][] scale;       // per block [C], or null without batch norm
    private final float[][] shift;       // per block [C], or null without batch norm
    private final Conv head;

    private int maxBlock;
    private float[] a;                   // [C][maxBlock], block outputs (ping)
    private float[] b;                   // [C][maxBlock] (pong)
    private float[] headOut;             // [out][maxBlock]
    private float[][] steadyInput;       // per block, its input after endless silence
    private final ChannelBlocks channelBlocks = new ChannelBlocks();

    /** @param weights the flat list in NAM's order; its length must be {@code config.weightCount()} */
    public ConvNet(ConvNetConfig config, float[] weights, Kernels kernels) {
        Require.notNull("config", config);
        Require.notNull("weights", weights);
        Require.notNull("kernels", kernels);
        if (weights.length != config.weightCount()) {
            throw new IllegalArgumentException("ConvNet weights: expected " + config.weightCount() + " values, found "
                    + weights.length);
        }
        this.config = config;
        this.weights = weights.clone();
        this.kernels = kernels;
        int ch = config.channels();
        int[] dilations = config.dilations();
        convs = new StreamingConv1d[dilations.length];
        scale = new float[dilations.length][];
        shift = new float[dilations.length][];
        WeightReader r = new WeightReader(this.weights);
        for (int i = 0; i < dilations.length; i++) {
            int cin = config.blockInputs(i);
            Conv1dSpec spec = Conv1dSpec.builder(cin, ch, ConvNetConfig.KERNEL_SIZE).dilation(dilations[i])
                    .groups(config.groups()).bias(!config.batchNorm()).causal().build();
            float[] w = r.next(ch * (cin / config.groups()) * ConvNetConfig.KERNEL_SIZE);
            float[] bias = config.batchNorm() ? null : r.next(ch);
            convs[i] = new StreamingConv1d(spec, w, bias, kernels);
            if (config.batchNorm()) {
                Tensor mean = Tensor.wrap(r.next(ch), ch);
                Tensor var = Tensor.wrap(r.next(ch), ch);
                Tensor gamma = Tensor.wrap(r.next(ch), ch);
                Tensor beta = Tensor.wrap(r.next(ch), ch);
                BatchNorm bn = new BatchNorm(mean, var, gamma, beta, r.nextFloat());
                scale[i] = bn.scale();
                shift[i] = bn.shift();
            }
        }
        head = Conv.pointwise(ch, config.outChannels(), 1, true, r, kernels.streamingConv());
        r.requireEnd();
    }

    public ConvNetConfig config() {
        return config;
    }

    @Override
    public int latency() {
        return 0;
    }

    @Override
    public int receptiveField() {
        return config.receptiveField();
    }

    @Override
    public void prepare(int maxBlockSize) {
        Require.atLeastOne("maxBlockSize", maxBlockSize);
        int ch = config.channels();
        for (StreamingConv1d conv : convs) {
            conv.prepare(maxBlockSize);
        }
        a = new float[ch * maxBlockSize];
        b = new float[ch * maxBlockSize];
        headOut = new float[config.outChannels() * maxBlockSize];
        maxBlock = maxBlockSize;
        channelBlocks.prepare(config.inChannels(), maxBlockSize);
        settle();
        reset();
    }

    @Override
    public int inputChannels() {
        return config.inChannels();
    }

    @Override
    public int outputChannels() {
        return config.outChannels();
    }

    @Override
    public void process(float[][] in, int inOff, float[][] out, int outOff, int frames) {
        channelBlocks.process(this, this, in, inOff, out, outOff, frames);
    }

    @Override
    public void reset() {
        if (maxBlock == 0) {
            throw new IllegalStateException("ConvNet used before prepare(maxBlockSize)");
        }
        for (int i = 0; i < convs.length; i++) {
            convs[i].resetToConstant(steadyInput[i]);
        }
    }

    @Override
    public void process(float[] in, int inOff, float[] out, int outOff, int frames) {
        if (maxBlock == 0) {
            throw new IllegalStateException("ConvNet used before prepare(maxBlockSize)");
        }
        Require.frames(frames, 1, maxBlock);
        if (in == null || out == null || inOff < 0 || outOff < 0 || inOff + frames > in.length
                || outOff + frames > out.length) {
            throw new IllegalArgumentException("in[" + inOff + ", +" + frames + ") or out[" + outOff + ", +" + frames
                    + ") is outside its array (lengths " + (in == null ? "null" : in.length) + ", "
                    + (out == null ? "null" : out.length) + ")");
        }
        if (config.inChannels() != 1 || config.outChannels() != 1) {
            throw ChannelBlocks.notMono("ConvNet", config.inChannels(), config.outChannels());
        }
        System.arraycopy(compute(in, inOff, frames, frames, false), 0, out, outOff, frames);
    }

    @Override
    public int inChannels() {
        return config.inChannels();
    }

    @Override
    public int outChannels() {
        return config.outChannels();
    }

    /** A ConvNet is a stack of FIRs: silence settles in one frame. */
    @Override
    public boolean recurrent() {
        return false;
    }

    /** Nothing to keep: {@link #reset()} restores the steady state of silence, the only state a prewarm reaches. */
    @Override
    public void capture() {
    }

    /** With {@code settle}, the frame is silence and every history becomes its steady value (see the class comment). */
    @Override
    public float[] compute(float[] x, int xOff, int xStride, int n, boolean settle) {
        if (maxBlock == 0) {
            throw new IllegalStateException("ConvNet used before prepare(maxBlockSize)");
        }
        Require.frames(n, 1, maxBlock);
        float[] last = blocks(x, xOff, xStride, n, settle ? steadyInput : null);
        head.apply(last, 0, n, headOut, 0, n, n, false);
        return headOut;
    }

    /**
     * Runs every block on {@code n} frames of mono input and returns the buffer holding the last
     * block's output ({@code [C][n]}). With {@code levels}, each block's input (one frame) is
     * recorded there and its conv's history set to it first: the steady-state run.
     */
    private float[] blocks(float[] in, int inOff, int inStride, int n, float[][] levels) {
        int ch = config.channels();
        float[] x = in;
        int xOff = inOff;
        int xStride = inStride;
        float[] y = a;
        for (int i = 0; i < convs.length; i++) {
            if (levels != null) {
                int cin = config.blockInputs(i);
                for (int c = 0; c < cin; c++) {
                    levels[i][c] = x[xOff + c * xStride];
                }
                convs[i].resetToConstant(levels[i]);
            }
            convs[i].process(x, xOff, xStride, y, 0, n, n);
            if (scale[i] != null) {
                for (int c = 0; c < ch; c++) {
                    float s = scale[i][c];
                    float t = shift[i][c];
                    for (int j = c * n; j < (c + 1) * n; j++) {
                        y[j] = y[j] * s + t;
                    }
                }
            }
            config.activation().apply(y, 0, ch * n, kernels.math());
            x = y;
            xOff = 0;
            xStride = n;
            y = y == a ? b : a;
        }
        return x;
    }

    /** The input of every block after endless silence: see the class comment. */
    private void settle() {
        steadyInput = new float[convs.length][];
        for (int i = 0; i < convs.length; i++) {
            steadyInput[i] = new float[config.blockInputs(i)];
        }
        blocks(new float[config.inChannels()], 0, 1, 1, steadyInput);
    }

    @Override
    public ConvNet newInstance() {
        return new ConvNet(config, weights, kernels);
    }
}
