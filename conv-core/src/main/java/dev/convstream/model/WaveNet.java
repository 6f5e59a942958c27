package dev.convstream.model;

import dev.convstream.activation.Gate;
import dev.convstream.check.Require;
import dev.convstream.kernel.ElementwiseMath;
import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.StreamingConvKernel;

import java.util.Arrays;

/**
 * Neural Amp Modeler's WaveNet ("A1", file versions 0.5.x, gated or not) as a streaming model.
 *
 * <p>For mono input x (also the condition c), layer array j computes
 * {@code h = rechannel(input_j)} (1x1, no bias), starts {@code headAcc} at 0 (j = 0) or at the
 * previous array's head output, then per layer (dilation d):
 * {@code z = conv_d(h) + mixin(c)}; {@code a = act(z)} or, gated,
 * {@code act(z[:C]) * sigmoid(z[C:])}; {@code headAcc += a}; {@code h += layer1x1(a)}.
 * Its head output is {@code headRechannel(headAcc)}, its residual output h feeds array j+1.
 * The model output is {@code headScale * head output of the last array}, where headScale is
 * the last float of the weight list.
 *
 * <p>Each dilated conv is causal and reads its input's recent past from a {@link SlidingHistory}
 * (the streaming rule of {@code StreamingConv1d}, without its ring copy: the layer before writes
 * its residual output straight into the next layer's history); everything else is pointwise in
 * time, so the histories are the whole state. Silence in gives every signal a constant value per
 * channel, so the steady state after endless silence is computed once in {@link #prepare},
 * layer by layer over one frame, and {@link #reset} fills the histories with it: the output equals
 * processing the input preceded by endless silence (NAM's pre-warm) from sample 0, with no
 * warm-up run.
 *
 * <p>The convs (dilated and 1x1) all run on the kernel family's direct
 * {@link StreamingConvKernel}, with no im2col copy and no GEMM packing: at WaveNet's 8 to 16
 * channels those cost more than the multiply-adds.
 *
 * <p>Results do not depend on the block size: every step is per frame (column) and the conv
 * kernel sums each output element in an order that does not depend on the number of frames, so
 * with the scalar kernels streaming in any blocks and {@link #processOffline} agree bit for bit.
 */
public final class WaveNet implements StreamingModel {

    private final WaveNetConfig config;
    private final float[] weights;
    private final Kernels kernels;
    private final ElementwiseMath math;
    private final StreamingConvKernel conv;
    private final ArrayBlock[] arrays;
    private final float headScale;

    private int maxBlock;
    // Block buffers, each holding up to maxBlock frames per channel; a block of n frames uses
    // row stride n.
    private float[] cond;      // [1][n]
    private float[] z;         // [2*maxChannels][n]
    private float[][] h;       // per array [channels][n], its last layer's residual output
    private float[][] head;    // per array [channels][n], the head accumulator
    private float[][] headOut; // per array [headSize][n]

    /**
     * @param weights the flat list in NAM's order; its length must be {@code config.weightCount()}
     */
    public WaveNet(WaveNetConfig config, float[] weights, Kernels kernels) {
        Require.notNull("config", config);
        Require.notNull("weights", weights);
        Require.notNull("kernels", kernels);
        if (weights.length != config.weightCount()) {
            throw new IllegalArgumentException("WaveNet weights: expected " + config.weightCount() + " values, found "
                    + weights.length);
        }
        this.config = config;
        this.weights = weights.clone();
        this.kernels = kernels;
        this.math = kernels.math();
        this.conv = kernels.streamingConv();
        WeightReader r = new WeightReader(this.weights);
        arrays = new ArrayBlock[config.layerArrays().size()];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = new ArrayBlock(config.layerArrays().get(i), r);
        }
        headScale = r.nextFloat();
        r.requireEnd();
    }

    public WaveNetConfig config() {
        return config;
    }

    /** The head scale in use (the last weight). */
    public float headScale() {
        return headScale;
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
        int maxZ = 0;
        h = new float[arrays.length][];
        head = new float[arrays.length][];
        headOut = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            LayerArrayConfig c = arrays[i].config;
            maxZ = Math.max(maxZ, c.gateFactor() * c.channels());
            h[i] = new float[c.channels() * maxBlockSize];
            head[i] = new float[c.channels() * maxBlockSize];
            headOut[i] = new float[c.headSize() * maxBlockSize];
            for (Layer layer : arrays[i].layers) {
                layer.input.prepare(maxBlockSize);
            }
        }
        cond = new float[maxBlockSize];
        z = new float[maxZ * maxBlockSize];
        maxBlock = maxBlockSize;
        settle();
        reset();
    }

    @Override
    public void reset() {
        if (maxBlock == 0) {
            throw new IllegalStateException("WaveNet used before prepare(maxBlockSize)");
        }
        for (ArrayBlock a : arrays) {
            for (Layer layer : a.layers) {
                layer.input.resetTo(layer.steadyInput);
            }
        }
    }

    @Override
    public void process(float[] in, int inOff, float[] out, int outOff, int frames) {
        if (maxBlock == 0) {
            throw new IllegalStateException("WaveNet used before prepare(maxBlockSize)");
        }
        Require.frames(frames, 1, maxBlock);
        if (in == null || out == null || inOff < 0 || outOff < 0 || inOff + frames > in.length
                || outOff + frames > out.length) {
            throw new IllegalArgumentException("in[" + inOff + ", +" + frames + ") or out[" + outOff + ", +" + frames
                    + ") is outside its array (lengths " + (in == null ? "null" : in.length) + ", "
                    + (out == null ? "null" : out.length) + ")");
        }
        compute(in, inOff, out, outOff, frames, false);
    }

    /**
     * One block. Every intermediate is channel-major with row stride {@code n} (the rows of a
     * block are contiguous), so each element-wise step is one call or one loop over the block.
     */
    private void compute(float[] in, int inOff, float[] out, int outOff, int n, boolean settle) {
        System.arraycopy(in, inOff, cond, 0, n);
        float[] input = cond;
        for (int i = 0; i < arrays.length; i++) {
            ArrayBlock a = arrays[i];
            int ch = a.config.channels();
            int zc = a.config.gateFactor() * ch;
            int size = ch * n;
            float[] acc = head[i];
            for (Layer layer : a.layers) {
                layer.input.beginBlock(n);
            }
            SlidingHistory first = a.layers[0].input;
            a.rechannel.apply(input, 0, n, first.data, first.pos, first.rowLength, n, false);
            if (i == 0) {
                Arrays.fill(acc, 0, size, 0f);
            } else {
                System.arraycopy(headOut[i - 1], 0, acc, 0, size);
            }
            for (int l = 0; l < a.layers.length; l++) {
                Layer layer = a.layers[l];
                SlidingHistory x = layer.input;
                if (settle) {
                    for (int c = 0; c < ch; c++) {
                        layer.steadyInput[c] = x.data[c * x.rowLength + x.pos];
                    }
                    x.fillHistory(layer.steadyInput);
                }
                conv.correlate(zc, ch, layer.kernelSize, layer.dilation, layer.convWeight, 0, layer.convBias, 0,
                        x.data, x.pos, x.rowLength, z, 0, n, n, false);
                layer.mixin.apply(cond, 0, n, z, 0, n, n, true);
                if (a.config.gated()) {
                    Gate.apply(a.config.activation(), z, 0, z, size, size, math);
                } else {
                    a.config.activation().apply(z, 0, size, math);
                }
                for (int j = 0; j < size; j++) {
                    acc[j] += z[j];
                }
                // h + layer1x1(a), written where the next layer reads its input.
                if (l + 1 < a.layers.length) {
                    SlidingHistory next = a.layers[l + 1].input;
                    layer.residual.applyOnto(z, 0, n, x.data, x.pos, x.rowLength, next.data, next.pos,
                            next.rowLength, n);
                } else {
                    layer.residual.applyOnto(z, 0, n, x.data, x.pos, x.rowLength, h[i], 0, n, n);
                }
                x.endBlock(n);
            }
            a.headRechannel.apply(acc, 0, n, headOut[i], 0, n, n, false);
            input = h[i];
        }
        float[] y = headOut[arrays.length - 1];
        for (int j = 0; j < n; j++) {
            out[outOff + j] = headScale * y[j];
        }
    }

    @Override
    public WaveNet newInstance() {
        return new WaveNet(config, weights, kernels);
    }

    /**
     * Finds the response to endless silence: one frame of silence, layer by layer, with each
     * conv's history set to the constant its input takes, through the same code (and so the
     * same float rounding) as {@link #process}. Each layer's input is then that constant in
     * every frame, so the histories filled with it are exactly the state after endless silence.
     */
    private void settle() {
        float[] silence = new float[1];
        compute(silence, 0, new float[1], 0, 1, true);
    }

    /** One layer array's weights, in NAM's order. */
    private final class ArrayBlock {
        final LayerArrayConfig config;
        final Pointwise rechannel;
        final Layer[] layers;
        final Pointwise headRechannel;

        ArrayBlock(LayerArrayConfig c, WeightReader r) {
            this.config = c;
            int ch = c.channels();
            rechannel = new Pointwise(c.inputSize(), ch, r.next(ch * c.inputSize()), null, conv);
            int[] dilations = c.dilations();
            layers = new Layer[dilations.length];
            for (int l = 0; l < dilations.length; l++) {
                layers[l] = new Layer(c, dilations[l], r);
            }
            headRechannel = new Pointwise(ch, c.headSize(), r.next(c.headSize() * ch),
                    c.headBias() ? r.next(c.headSize()) : null, conv);
        }
    }

    /** One residual layer: dilated causal conv over its input's history, input mixin, 1x1 residual. */
    private final class Layer {
        final int kernelSize;
        final int dilation;
        final float[] convWeight; // [G*channels][channels][k]
        final float[] convBias;   // [G*channels]
        final SlidingHistory input;
        final Pointwise mixin;
        final Pointwise residual;
        final float[] steadyInput; // this conv's input after endless silence, per channel

        Layer(LayerArrayConfig c, int dilation, WeightReader r) {
            int ch = c.channels();
            int zc = c.gateFactor() * ch;
            this.kernelSize = c.kernelSize();
            this.dilation = dilation;
            convWeight = r.next(zc * ch * kernelSize);
            convBias = r.next(zc);
            input = new SlidingHistory(ch, dilation * (kernelSize - 1));
            mixin = new Pointwise(c.conditionSize(), zc, r.next(zc * c.conditionSize()), null, conv);
            residual = new Pointwise(ch, ch, r.next(ch * ch), r.next(ch), conv);
            steadyInput = new float[ch];
        }
    }
}
