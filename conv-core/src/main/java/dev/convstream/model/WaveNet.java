package dev.convstream.model;

import dev.convstream.check.Require;
import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.StreamingConvKernel;

/**
 * Neural Amp Modeler's WaveNet (file versions 0.5 to 0.7: A1, A2 and every field between) as a
 * streaming model: mono, or {@code config.in_channels} inputs and as many outputs as its last
 * head gives through {@link #process(float[][], int, float[][], int, int)}. Equations, weight
 * order and start rule: {@code docs/nam-modern.md} (every version, A1 included).
 *
 * <p>In short: layer array j computes {@code h = rechannel(input_j)}, starts its head sum at 0
 * (j = 0) or at the previous array's head output, then per layer
 * {@code z = conv(h) + mixin(c)} (each optionally FiLM-modulated by the condition c), an
 * activation or a gate of z ({@link GatingMode}), {@code h += layer1x1(a)} and
 * {@code headsum += head1x1(a)} (or a); its head conv maps the head sum to its output. The
 * model output is {@code headScale *} the last array's head output (through the post-stack
 * head, if any), where headScale is the last float of the weight list. The condition c is the
 * input, or a condition DSP's output.
 *
 * <p>Each conv with a kernel wider than one frame reads its input's recent past from a
 * {@link SlidingHistory} (the sliding rows of {@code StreamingConv1d}, {@code stream.SlidingRows}:
 * the layer before writes its residual output straight into the next layer's history);
 * everything else is pointwise in time, so the histories are the whole state. Silence in gives
 * every signal a constant value per channel, so the steady state after endless silence is
 * computed once in {@link #prepare}, by one frame of silence in which each history is filled
 * with the value its input takes just before its conv reads it, through the same code (and so
 * the same float rounding) as {@link #process}; {@link #reset} fills the histories with it. The
 * output equals processing the input preceded by endless silence (NAM's pre-warm, whose
 * {@code P} zeros cover the receptive field) from sample 0, with no warm-up run.
 *
 * <p>The convs (dilated and 1x1, grouped ones group by group) all run on the kernel family's
 * direct {@link StreamingConvKernel}, with no im2col copy and no GEMM packing: at WaveNet's 3 to
 * 16 channels those cost more than the multiply-adds.
 *
 * <p>Results do not depend on the block size: every step is per frame (column) and the conv
 * kernel sums each output element in an order that does not depend on the number of frames, so
 * with the scalar kernels streaming in any blocks and {@link #processOffline} agree bit for bit.
 */
public final class WaveNet implements StreamingModel {

    private final WaveNetConfig config;
    private final float[] weights;
    private final Kernels kernels;
    private final WaveNetStack stack;
    private final ChannelBlocks blocks = new ChannelBlocks();

    /**
     * @param weights the flat list in NAM's order; its length must be {@code config.weightCount()}
     */
    public WaveNet(WaveNetConfig config, float[] weights, Kernels kernels) {
        Require.notNull("config", config);
        Require.notNull("weights", weights);
        Require.notNull("kernels", kernels);
        this.config = config;
        this.weights = weights.clone();
        this.kernels = kernels;
        this.stack = new WaveNetStack(config, this.weights, kernels);
    }

    public WaveNetConfig config() {
        return config;
    }

    /** The head scale in use (the last weight). */
    public float headScale() {
        return stack.headScale;
    }

    /** First layers whose conv reads the array's input through the folded rechannel ({@link ConvFold}); for tests. */
    int foldedLayers() {
        return stack.foldedLayers();
    }

    /** Layers that take the plain step ({@code WaveNetStack.Layer#plainConv}); for tests. */
    int plainLayers() {
        return stack.plainLayers();
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
        stack.prepare(maxBlockSize);
        blocks.prepare(config.inChannels(), maxBlockSize);
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
        requirePrepared();
        blocks.process(this, stack, in, inOff, out, outOff, frames);
    }

    @Override
    public void reset() {
        requirePrepared();
        stack.reset();
    }

    @Override
    public void process(float[] in, int inOff, float[] out, int outOff, int frames) {
        requirePrepared();
        Require.frames(frames, 1, stack.maxBlock());
        if (in == null || out == null || inOff < 0 || outOff < 0 || inOff + frames > in.length
                || outOff + frames > out.length) {
            throw new IllegalArgumentException("in[" + inOff + ", +" + frames + ") or out[" + outOff + ", +" + frames
                    + ") is outside its array (lengths " + (in == null ? "null" : in.length) + ", "
                    + (out == null ? "null" : out.length) + ")");
        }
        if (config.inChannels() != 1 || config.outChannels() != 1) {
            throw ChannelBlocks.notMono("WaveNet", config.inChannels(), config.outChannels());
        }
        // the input is read to the end of the block (it is the condition of every layer), and
        // the output written after, so in place is fine
        float[] y = stack.compute(in, inOff, frames, frames, false);
        System.arraycopy(y, 0, out, outOff, frames);
    }

    private void requirePrepared() {
        if (!stack.prepared()) {
            throw new IllegalStateException("WaveNet used before prepare(maxBlockSize)");
        }
    }

    @Override
    public WaveNet newInstance() {
        return new WaveNet(config, weights, kernels);
    }
}
