package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.ElementwiseMath;
import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.LineAligned;
import dev.convstream.kernel.StreamingConvKernel;
import dev.convstream.stream.SlidingRows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The computing part of a NAM WaveNet, for any number of input and output channels: the
 * streaming state (one {@link SlidingHistory} per conv with a kernel wider than one frame, plus
 * the condition DSP's own stack) and one block step. {@link WaveNet} wraps it as a mono
 * {@link StreamingModel}; a condition DSP is a nested stack whose outputs are the condition.
 *
 * <p>Blocks are planar, channel-major: row r of an n-frame block starts at {@code r * n}
 * (histories: at {@code pos + r * rowLength}). Every step is per frame, so the output does not
 * depend on how the stream is cut.
 */
final class WaveNetStack implements ChannelModel {

    final WaveNetConfig config;
    private final ElementwiseMath math;
    private final ChannelModel conditionDsp;
    private final ArrayBlock[] arrays;
    private final PostConv[] post;
    // every conv input's history, in the order prepareHistories lays them out
    private final SlidingHistory[] histories;
    final float headScale;

    private int maxBlock;
    private float[] silence;  // [inChannels][1]
    private float[] z;        // from zOff: [G*B][n], the largest of the layers
    private int zOff;         // on a cache line: z shares the histories' line-aligned array
    private float[] mix;      // [G*B][n], the input mixin when a FiLM acts on it
    private float[] filmedCondition; // [Dc][n]
    private float[] film;     // [scale; shift][n], one FiLM's parameters
    private float[] scratch;  // [max(B, C, head1x1)][n]
    private float[] out;      // [outChannels][n]
    private float[] postInput; // [post-stack conv inputs][n]

    WaveNetStack(WaveNetConfig config, float[] weights, Kernels kernels) {
        if (weights.length != config.weightCount()) {
            throw new IllegalArgumentException("WaveNet weights: expected " + config.weightCount() + " values, found "
                    + weights.length);
        }
        this.config = config;
        this.math = kernels.math();
        StreamingConvKernel family = kernels.streamingConv();
        conditionDsp = config.conditionDsp() == null ? null
                : of(config.conditionDsp().model(), config.conditionDsp().weights(), kernels);
        WeightReader r = new WeightReader(weights);
        List<LayerArrayConfig> configs = config.layerArrays();
        arrays = new ArrayBlock[configs.size()];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = new ArrayBlock(configs.get(i), r, family);
        }
        PostStackHead h = config.head();
        post = new PostConv[h == null ? 0 : h.kernelSizes().size()];
        int inputs = configs.get(configs.size() - 1).headSize();
        for (int i = 0; i < post.length; i++) {
            post[i] = new PostConv(new Conv(h.convInputs(i, inputs), h.convOutputs(i), h.kernelSizes().get(i), 1, 1,
                    true, r, family));
        }
        headScale = r.nextFloat();
        r.requireEnd();
        List<SlidingHistory> all = new ArrayList<>();
        for (ArrayBlock a : arrays) {
            for (Layer layer : a.layers) {
                all.add(layer.input);
                if (layer.foldedInput != null) {
                    all.add(layer.foldedInput);
                }
            }
            all.add(a.headInput);
        }
        for (PostConv p : post) {
            all.add(p.input);
        }
        histories = all.toArray(new SlidingHistory[0]);
    }

    /** The block step of a model of any architecture NAM core nests as a condition DSP. */
    static ChannelModel of(ChannelModelConfig config, float[] weights, Kernels kernels) {
        if (config instanceof WaveNetConfig w) {
            return new WaveNetStack(w, weights, kernels);
        }
        if (config instanceof LstmConfig l) {
            return new Lstm(l, weights, l.fastTanh(), kernels);
        }
        if (config instanceof ConvNetConfig c) {
            return new ConvNet(c, weights, kernels);
        }
        return new LinearStack((LinearConfig) config, weights, kernels);
    }

    @Override
    public int inChannels() {
        return config.inChannels();
    }

    @Override
    public int outChannels() {
        return config.outChannels();
    }

    /** Whether the condition DSP (at any depth) is an LSTM. */
    @Override
    public boolean recurrent() {
        return conditionDsp != null && conditionDsp.recurrent();
    }

    /**
     * Allocates for blocks of up to {@code maxBlockSize} frames and reaches NAM core's prewarmed
     * state: the steady state of silence, found in one frame; with a recurrent condition DSP
     * (already prewarmed by its own prepare), the histories run the rest of NAM core's prewarm,
     * {@code receptiveField() - conditionDsp.prewarmSamples()} zero samples, and that state is captured.
     */
    @Override
    public void prepare(int maxBlockSize) {
        if (conditionDsp != null) {
            conditionDsp.prepare(maxBlockSize);
        }
        int zRows = 0;
        int scratchRows = 0;
        int filmRows = 0;
        boolean mixinFilm = false;
        for (ArrayBlock a : arrays) {
            LayerArrayConfig c = a.config;
            scratchRows = Math.max(scratchRows, Math.max(c.bottleneck(), Math.max(c.channels(), c.headInputs())));
            for (Layer layer : a.layers) {
                zRows = Math.max(zRows, layer.gating.factor() * c.bottleneck());
                layer.raw = layer.films[FilmSite.CONV_PRE.ordinal()] == null ? null
                        : new float[c.channels() * maxBlockSize];
                for (Film f : layer.films) {
                    if (f != null) {
                        filmRows = Math.max(filmRows, f.conv.out);
                    }
                }
                mixinFilm |= layer.films[FilmSite.INPUT_MIXIN_PRE.ordinal()] != null
                        || layer.films[FilmSite.INPUT_MIXIN_POST.ordinal()] != null;
            }
            a.hOut = new float[c.channels() * maxBlockSize];
            a.headOut = new float[c.headSize() * maxBlockSize];
        }
        int postRows = 0;
        for (PostConv p : post) {
            p.out = new float[p.conv.out * maxBlockSize];
            postRows = Math.max(postRows, p.conv.in);
        }
        prepareHistories(maxBlockSize, (long) zRows * maxBlockSize);
        postInput = new float[postRows * maxBlockSize];
        int conditionRows = arrays[0].config.conditionSize();
        mix = mixinFilm ? new float[zRows * maxBlockSize] : null;
        filmedCondition = mixinFilm ? new float[conditionRows * maxBlockSize] : null;
        film = filmRows == 0 ? null : new float[filmRows * maxBlockSize];
        scratch = new float[scratchRows * maxBlockSize];
        out = new float[outChannels() * maxBlockSize];
        silence = new float[config.inChannels()];
        maxBlock = maxBlockSize;
        if (recurrent()) {
            // Zero histories, then NAM core's prewarm after the condition DSP's own part: the
            // histories then hold the condition's response to those zeros, whatever it was.
            long rest = (long) config.receptiveField() - config.conditionDsp().model().prewarmSamples();
            float[] zeros = new float[config.inChannels() * maxBlockSize];
            for (long t = 0; t < rest; t += maxBlockSize) {
                int n = (int) Math.min(maxBlockSize, rest - t);
                compute(zeros, 0, n, n, false);
            }
            captureHistories();
            conditionDsp.capture();
        } else {
            // The response to endless silence: one frame of silence, each history filled with the
            // value its input takes in that frame just before its conv reads it (see WaveNet).
            compute(silence, 0, 1, 1, true);
        }
        reset();
    }

    /**
     * Every history's rows, the head sums and then z, carved from one {@link LineAligned} array (at least 4 MB
     * per model, the price of starting each row on a cache line; see there) at whole lines: z's
     * rows of a block of whole lines are then on lines too, for the conv tile's stores and the
     * loads of the tanh pass and the 1x1 convs that read it.
     */
    private void prepareHistories(int maxBlockSize, long zFloats) {
        long total = 0;
        for (SlidingHistory h : histories) {
            total += h.floats(maxBlockSize);
        }
        for (ArrayBlock a : arrays) {
            total += LineAligned.roundUp((long) a.config.headInputs() * maxBlockSize);
        }
        float[] shared = LineAligned.allocate(total + zFloats);
        int at = LineAligned.ORIGIN;
        for (SlidingHistory h : histories) {
            h.attach(shared, at);
            at += (int) h.floats(maxBlockSize);
        }
        for (ArrayBlock a : arrays) {
            a.headSum = shared;
            a.headSumOff = at;
            at += (int) LineAligned.roundUp((long) a.config.headInputs() * maxBlockSize);
        }
        z = shared;
        zOff = at;
    }

    @Override
    public void capture() {
        if (conditionDsp != null) {
            conditionDsp.capture();
        }
        captureHistories();
    }

    private void captureHistories() {
        for (SlidingHistory h : histories) {
            h.capture();
        }
    }

    boolean prepared() {
        return maxBlock > 0;
    }

    /** First layers whose conv is folded through their array's rechannel (see {@link Layer#foldedInput}). */
    int foldedLayers() {
        int count = 0;
        for (ArrayBlock a : arrays) {
            count += a.layers[0].foldedInput != null ? 1 : 0;
        }
        return count;
    }

    /** Layers that take the plain step (see {@link Layer#plainConv}). */
    int plainLayers() {
        int count = 0;
        for (ArrayBlock a : arrays) {
            for (Layer layer : a.layers) {
                count += layer.plainConv != null ? 1 : 0;
            }
        }
        return count;
    }

    int maxBlock() {
        return maxBlock;
    }

    /** Every history back to the steady state of silence (or the captured prewarmed state). */
    @Override
    public void reset() {
        if (conditionDsp != null) {
            conditionDsp.reset();
        }
        for (SlidingHistory h : histories) {
            h.reset();
        }
    }

    /**
     * One block of {@code n} frames of input {@code x} (row c at {@code xOff + c * xStride}).
     *
     * @return the output, {@code [outChannels][n]} with row stride n, valid until the next call
     */
    @Override
    public float[] compute(float[] x, int xOff, int xStride, int n, boolean settle) {
        float[] cond = x;
        int condOff = xOff;
        int condStride = xStride;
        if (conditionDsp != null) {
            cond = conditionDsp.compute(x, xOff, xStride, n, settle);
            condOff = 0;
            condStride = n;
        }
        float[] input = x;
        int inputOff = xOff;
        int inputStride = xStride;
        for (int i = 0; i < arrays.length; i++) {
            ArrayBlock a = arrays[i];
            runArray(a, i == 0 ? null : arrays[i - 1], i == arrays.length - 1, input, inputOff, inputStride,
                    cond, condOff, condStride, n, settle);
            input = a.hOut;
            inputOff = 0;
            inputStride = n;
        }
        float[] y = arrays[arrays.length - 1].headOut;
        int rows = arrays[arrays.length - 1].config.headSize();
        if (post.length == 0) {
            scale(y, out, rows * n);
            return out;
        }
        for (int i = 0; i < post.length; i++) {
            PostConv p = post[i];
            int len = p.conv.in * n;
            // act(y) made contiguous first: a per-channel PReLU needs its channels as whole rows
            if (i == 0) {
                scale(y, postInput, len);
            } else {
                System.arraycopy(y, 0, postInput, 0, len);
            }
            config.head().activation().apply(postInput, 0, len, math);
            SlidingHistory h = p.input;
            SlidingRows hr = h.rows;
            hr.beginBlock(n);
            for (int c = 0; c < p.conv.in; c++) {
                System.arraycopy(postInput, c * n, hr.data(), hr.pos() + c * hr.rowLength(), n);
            }
            if (settle) {
                h.settle();
            }
            float[] target = i == post.length - 1 ? out : p.out;
            p.conv.apply(hr.data(), hr.pos(), hr.rowLength(), target, 0, n, n, false);
            hr.endBlock(n);
            y = target;
        }
        return out;
    }

    private void scale(float[] y, float[] target, int len) {
        for (int j = 0; j < len; j++) {
            target[j] = headScale * y[j];
        }
    }

    /**
     * @param last whether this is the last array, whose residual output no one reads (NAM core
     *             computes it and drops it): its last layer skips its 1x1
     */
    private void runArray(ArrayBlock a, ArrayBlock previous, boolean last, float[] x, int xOff, int xStride,
                          float[] cond, int condOff, int condStride, int n, boolean settle) {
        LayerArrayConfig c = a.config;
        int channels = c.channels();
        int b = c.bottleneck();
        for (Layer layer : a.layers) {
            layer.rows.beginBlock(n);
        }
        // The head sum is accumulated in a contiguous [headRows][n] block (one flat loop per
        // layer, which C2 vectorises; rows of 64 in the history's stride mostly ran scalar) and
        // moved into the head conv's history once per block.
        int headRows = c.headInputs();
        float[] headSum = a.headSum;
        int hs = a.headSumOff;
        if (previous == null) {
            Arrays.fill(headSum, hs, hs + headRows * n, 0f);
        } else {
            System.arraycopy(previous.headOut, 0, headSum, hs, headRows * n);
        }
        Layer first = a.layers[0];
        a.rechannel.apply(x, xOff, xStride, first.rawData(), first.rawOff(), first.rawStride(n), n, false);
        SlidingHistory folded = first.foldedInput;
        if (folded != null) {
            SlidingRows f = folded.rows;
            f.beginBlock(n);
            for (int r = 0; r < folded.channels; r++) {
                System.arraycopy(x, xOff + r * xStride, f.data(), f.pos() + r * f.rowLength(), n);
            }
            if (settle) {
                folded.settle();
            }
        }
        for (int l = 0; l < a.layers.length; l++) {
            Layer layer = a.layers[l];
            Layer following = l + 1 < a.layers.length ? a.layers[l + 1] : null;
            boolean residual = following != null || !last;
            if (layer.plainConv != null) {
                plainStep(layer, following, residual, a, cond, condOff, n, b, settle);
                continue;
            }
            SlidingRows in = layer.rows;
            float[] h = layer.rawData();
            int hOff = layer.rawOff();
            int hStride = layer.rawStride(n);
            Film convPre = layer.films[FilmSite.CONV_PRE.ordinal()];
            if (convPre != null) {
                for (int r = 0; r < channels; r++) {
                    System.arraycopy(h, r * n, in.data(), in.pos() + r * in.rowLength(), n);
                }
                modulate(convPre, cond, condOff, condStride, n, in.data(), in.pos(), in.rowLength(), channels);
            }
            if (settle) {
                layer.input.settle();
            }
            SlidingRows convIn = layer.convRows;
            int gb = layer.gating.factor() * b;
            if (layer.plainMixin) {
                layer.conv.applyWithMixin(convIn.data(), convIn.pos(), convIn.rowLength(), layer.mixin, cond, condOff,
                        z, zOff, n, n);
            } else {
                layer.conv.apply(convIn.data(), convIn.pos(), convIn.rowLength(), z, zOff, n, n, false);
                modulate(layer.films[FilmSite.CONV_POST.ordinal()], cond, condOff, condStride, n, z, zOff, n, gb);
                mixin(layer, cond, condOff, condStride, n, gb);
            }
            if (layer.tanhIntoHead) {
                // one pass (the family's math, vectorised on every JDK): the bits of the activation's apply then addInto
                if (layer.activation instanceof ActivationFunction.FastTanh) {
                    math.fastTanhAddInto(z, zOff, headSum, hs, b * n);
                } else {
                    math.tanhAddInto(z, zOff, headSum, hs, b * n);
                }
            } else {
                modulate(layer.films[FilmSite.ACTIVATION_PRE.ordinal()], cond, condOff, condStride, n, z, zOff, n, gb);
                activate(layer, b * n);
                modulate(layer.films[FilmSite.ACTIVATION_POST.ordinal()], cond, condOff, condStride, n, z, zOff, n, b);
            }
            // h + layer1x1(a), written where the next layer reads its input
            float[] next;
            int nextOff;
            int nextStride;
            if (following != null) {
                next = following.rawData();
                nextOff = following.rawOff();
                nextStride = following.rawStride(n);
            } else {
                next = a.hOut;
                nextOff = 0;
                nextStride = n;
            }
            if (residual) {
                residual(layer, cond, condOff, condStride, n, h, hOff, hStride, next, nextOff, nextStride, channels);
            }
            Film headFilm = layer.films[FilmSite.HEAD1X1_POST.ordinal()];
            if (layer.tanhIntoHead) {
                // the head sum already has this layer's activation
            } else if (layer.head1x1 == null) {
                addInto(z, zOff, headSum, hs, headRows * n);
            } else if (headFilm == null) {
                layer.head1x1.apply(z, zOff, n, headSum, hs, n, n, true);
            } else {
                layer.head1x1.apply(z, zOff, n, scratch, 0, n, n, false);
                modulate(headFilm, cond, condOff, condStride, n, scratch, 0, n, headRows);
                addInto(scratch, 0, headSum, hs, headRows * n);
            }
            in.endBlock(n);
        }
        if (folded != null) {
            folded.rows.endBlock(n);
        }
        if (a.headInput.history == 0) {
            a.head.apply(headSum, hs, n, a.headOut, 0, n, n, false);
            return;
        }
        SlidingRows head = a.headInput.rows;
        head.beginBlock(n);
        for (int r = 0; r < headRows; r++) {
            System.arraycopy(headSum, hs + r * n, head.data(), head.pos() + r * head.rowLength(), n);
        }
        if (settle) {
            a.headInput.settle();
        }
        a.head.apply(head.data(), head.pos(), head.rowLength(), a.headOut, 0, n, n, false);
        head.endBlock(n);
    }

    /**
     * A plain layer's step (see {@link Layer#plainConv}): the conv with its mixin, the tanh into the
     * head sum, and {@code h + layer1x1(a)} into the next layer's input (or the array's output).
     */
    private void plainStep(Layer layer, Layer following, boolean residual, ArrayBlock a, float[] cond, int condOff,
                           int n, int b, boolean settle) {
        SlidingRows in = layer.rows;
        float[] h = in.data();
        int hOff = in.pos();
        int hStride = in.rowLength();
        if (settle) {
            layer.input.settle();
        }
        SlidingRows convIn = layer.convRows;
        layer.plainConv.correlateWithMixin(convIn.data(), convIn.pos(), convIn.rowLength(), layer.plainMixinWeight, 0,
                cond, condOff, z, zOff, n, n);
        if (layer.plainFastTanh) {
            math.fastTanhAddInto(z, zOff, a.headSum, a.headSumOff, b * n);
        } else {
            math.tanhAddInto(z, zOff, a.headSum, a.headSumOff, b * n);
        }
        if (!residual) {
            // the last array's last layer: its residual output is never read
        } else if (following == null) {
            layer.plainResidual.correlateOnto(z, zOff, n, h, hOff, hStride, a.hOut, 0, n, n);
        } else {
            layer.plainResidual.correlateOnto(z, zOff, n, h, hOff, hStride,
                    following.rawData(), following.rawOff(), following.rawStride(n), n);
        }
        in.endBlock(n);
    }

    private void mixin(Layer layer, float[] cond, int condOff, int condStride, int n, int gb) {
        Film pre = layer.films[FilmSite.INPUT_MIXIN_PRE.ordinal()];
        Film postFilm = layer.films[FilmSite.INPUT_MIXIN_POST.ordinal()];
        if (pre == null && postFilm == null) {
            layer.mixin.apply(cond, condOff, condStride, z, zOff, n, n, true);
            return;
        }
        float[] c = cond;
        int cOff = condOff;
        int cStride = condStride;
        if (pre != null) {
            int rows = layer.mixin.in;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(cond, condOff + r * condStride, filmedCondition, r * n, n);
            }
            modulate(pre, cond, condOff, condStride, n, filmedCondition, 0, n, rows);
            c = filmedCondition;
            cOff = 0;
            cStride = n;
        }
        layer.mixin.apply(c, cOff, cStride, mix, 0, n, n, false);
        modulate(postFilm, cond, condOff, condStride, n, mix, 0, n, gb);
        for (int j = 0, len = gb * n; j < len; j++) {
            z[zOff + j] += mix[j];
        }
    }

    /** z[zOff : zOff + b*n) becomes the activation a, per the layer's gating mode. */
    private void activate(Layer layer, int len) {
        switch (layer.gating) {
            case NONE -> layer.activation.apply(z, zOff, len, math);
            case GATED -> {
                layer.activation.apply(z, zOff, len, math);
                layer.secondary.apply(z, zOff + len, len, math);
                for (int j = zOff; j < zOff + len; j++) {
                    z[j] *= z[len + j];
                }
            }
            case BLENDED -> {
                System.arraycopy(z, zOff, scratch, 0, len);
                layer.activation.apply(z, zOff, len, math);
                layer.secondary.apply(z, zOff + len, len, math);
                for (int j = 0; j < len; j++) {
                    float alpha = z[zOff + len + j];
                    z[zOff + j] = alpha * z[zOff + j] + (1f - alpha) * scratch[j];
                }
            }
        }
    }

    private void residual(Layer layer, float[] cond, int condOff, int condStride, int n, float[] h, int hOff,
                          int hStride, float[] next, int nextOff, int nextStride, int channels) {
        if (layer.layer1x1 == null) {
            for (int r = 0; r < channels; r++) {
                System.arraycopy(h, hOff + r * hStride, next, nextOff + r * nextStride, n);
            }
            return;
        }
        // NAM core applies layer1x1_post FiLM in blended layers only (docs/nam-modern.md)
        Film postFilm = layer.gating == GatingMode.BLENDED ? layer.films[FilmSite.LAYER1X1_POST.ordinal()] : null;
        if (postFilm == null) {
            layer.layer1x1.applyOnto(z, zOff, n, h, hOff, hStride, next, nextOff, nextStride, n);
            return;
        }
        layer.layer1x1.apply(z, zOff, n, scratch, 0, n, n, false);
        modulate(postFilm, cond, condOff, condStride, n, scratch, 0, n, channels);
        for (int r = 0; r < channels; r++) {
            int from = hOff + r * hStride;
            int to = nextOff + r * nextStride;
            for (int j = 0; j < n; j++) {
                next[to + j] = h[from + j] + scratch[r * n + j];
            }
        }
    }

    /** {@code sum[sumOff + j] += src[srcOff + j]} for j in [0, len). */
    private static void addInto(float[] src, int srcOff, float[] sum, int sumOff, int len) {
        for (int j = 0; j < len; j++) {
            sum[sumOff + j] += src[srcOff + j];
        }
    }

    /** {@code v = v * scale(c) (+ shift(c))} over {@code rows} rows; nothing when {@code f} is null. */
    private void modulate(Film f, float[] cond, int condOff, int condStride, int n, float[] v, int vOff, int vStride,
                          int rows) {
        if (f == null) {
            return;
        }
        f.conv.apply(cond, condOff, condStride, film, 0, n, n, false);
        for (int r = 0; r < rows; r++) {
            int at = vOff + r * vStride;
            int s = r * n;
            if (f.shift) {
                int t = (rows + r) * n;
                for (int j = 0; j < n; j++) {
                    v[at + j] = v[at + j] * film[s + j] + film[t + j];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    v[at + j] *= film[s + j];
                }
            }
        }
    }

    /** One layer array's weights, in NAM's order, and its block buffers. */
    private static final class ArrayBlock {
        final LayerArrayConfig config;
        final Conv rechannel;
        final Layer[] layers;
        final SlidingHistory headInput; // the head sum, the head conv's input
        final Conv head;
        float[] hOut;    // [channels][n], the last layer's residual output
        float[] headOut; // [headSize][n]
        float[] headSum; // from headSumOff: [headInputs][n], the head sum of the current block
        int headSumOff;  // on a cache line, in the histories' line-aligned array

        ArrayBlock(LayerArrayConfig c, WeightReader r, StreamingConvKernel family) {
            this.config = c;
            rechannel = Conv.pointwise(c.inputSize(), c.channels(), 1, false, r, family);
            layers = new Layer[c.layerCount()];
            for (int l = 0; l < layers.length; l++) {
                layers[l] = new Layer(c, c.layers().get(l), r, family, l == 0 ? rechannel : null);
            }
            LayerArrayConfig.ArrayHead h = c.head();
            head = new Conv(c.headInputs(), h.outChannels(), h.kernelSize(), h.dilation(), 1, h.bias(), r, family);
            headInput = new SlidingHistory(c.headInputs(), head.history());
        }
    }

    /** One residual layer: its convs, FiLMs (by {@link FilmSite} ordinal), activations and input history. */
    private static final class Layer {
        final GatingMode gating;
        final ActivationFunction activation;
        final ActivationFunction secondary;
        final Conv conv;
        final Conv mixin;
        final Conv layer1x1;
        final Conv head1x1;
        final Film[] films = new Film[FilmSite.values().length];
        final SlidingHistory input;  // the layer's input h (FiLM'd by conv_pre when active); the dilated conv's unless folded
        final SlidingRows rows;      // input.rows, one load away instead of two
        /*
         * The first layer of an array whose rechannel has fewer inputs than the conv sees (a mono
         * input to 16 channels in NAM's A1 models): conv is the dilated conv folded through the
         * rechannel (Conv.foldedThrough), and reads the array's input x from its own history here,
         * one row instead of 16, while input (no history then) still holds h for the residual.
         * Null otherwise.
         */
        final SlidingHistory foldedInput;
        final SlidingRows convRows;  // the rows conv reads: foldedInput's or input's
        // One condition row and no FiLM between the conv and the mixin: the two are one kernel call
        final boolean plainMixin;
        // Ungated tanh or fast tanh straight into the head sum (no head1x1, no FiLM around the activation)
        final boolean tanhIntoHead;
        /*
         * A plain layer (no FiLM, an ungated tanh or fast tanh into the head sum, a one-row mixin the
         * conv's kernel adds, a one-group 1x1) runs as three kernel calls made straight from these
         * fields: the general step's way through Conv, its kernel array, the FiLM array and the
         * gating enum touched a dozen more objects per layer, each a cache miss by the time the
         * next block comes (the kernels stream ~20 KB per layer through L1 between two visits).
         * Null / false when the layer is not plain. The same kernel calls, so the same bits.
         */
        final StreamingConvKernel.Fixed plainConv;
        final float[] plainMixinWeight;
        final StreamingConvKernel.Fixed plainResidual;
        final boolean plainFastTanh;
        float[] raw;                 // [channels][n], h itself, when conv_pre FiLM is active

        /** @param rechannel the array's rechannel when this is its first layer, else null */
        Layer(LayerArrayConfig c, LayerConfig l, WeightReader r, StreamingConvKernel family, Conv rechannel) {
            gating = l.gating();
            activation = l.activation();
            secondary = l.secondary();
            int gb = gating.factor() * c.bottleneck();
            Conv dilated = new Conv(c.channels(), gb, l.kernelSize(), l.dilation(), c.groupsInput(), true, r, family);
            mixin = Conv.pointwise(c.conditionSize(), gb, c.groupsInputMixin(), false, r, family);
            layer1x1 = c.layer1x1() == null ? null
                    : Conv.pointwise(c.bottleneck(), c.channels(), c.layer1x1().groups(), true, r, family);
            head1x1 = c.head1x1() == null ? null
                    : Conv.pointwise(c.bottleneck(), c.head1x1().outChannels(), c.head1x1().groups(), true, r, family);
            for (FilmSite site : FilmSite.values()) {
                FilmConfig f = c.films().get(site);
                if (f != null) {
                    // the weights are read for every layer, even where NAM core ignores them
                    films[site.ordinal()] = new Film(f.shift(), Conv.pointwise(c.conditionSize(),
                            f.outputs(site.rows(c, gating)), f.groups(), true, r, family));
                }
            }
            boolean folded = rechannel != null && films[FilmSite.CONV_PRE.ordinal()] == null
                    && dilated.foldsThrough(rechannel);
            conv = folded ? dilated.foldedThrough(rechannel, family) : dilated;
            input = new SlidingHistory(c.channels(), folded ? 0 : conv.history());
            rows = input.rows;
            foldedInput = folded ? new SlidingHistory(rechannel.in, conv.history()) : null;
            convRows = folded ? foldedInput.rows : rows;
            plainMixin = c.conditionSize() == 1 && films[FilmSite.CONV_POST.ordinal()] == null
                    && films[FilmSite.INPUT_MIXIN_PRE.ordinal()] == null
                    && films[FilmSite.INPUT_MIXIN_POST.ordinal()] == null;
            tanhIntoHead = gating == GatingMode.NONE
                    && (activation instanceof ActivationFunction.FastTanh || activation instanceof ActivationFunction.Tanh)
                    && head1x1 == null && films[FilmSite.ACTIVATION_PRE.ordinal()] == null
                    && films[FilmSite.ACTIVATION_POST.ordinal()] == null
                    && films[FilmSite.HEAD1X1_POST.ordinal()] == null;
            boolean plain = plainMixin && tanhIntoHead && films[FilmSite.CONV_PRE.ordinal()] == null
                    && layer1x1 != null && layer1x1.groups == 1 && conv.fusesMixin(mixin);
            plainConv = plain ? conv.single() : null;
            plainMixinWeight = plain ? mixin.weight : null;
            plainResidual = plain ? layer1x1.single() : null;
            plainFastTanh = plain && activation instanceof ActivationFunction.FastTanh;
        }

        float[] rawData() {
            return raw != null ? raw : rows.data();
        }

        int rawOff() {
            return raw != null ? 0 : rows.pos();
        }

        int rawStride(int n) {
            return raw != null ? n : rows.rowLength();
        }
    }

    private record Film(boolean shift, Conv conv) {
    }

    /** One conv of the post-stack head, with the history of its (activated) input. */
    private static final class PostConv {
        final Conv conv;
        final SlidingHistory input;
        float[] out;

        PostConv(Conv conv) {
            this.conv = conv;
            this.input = new SlidingHistory(conv.in, conv.history());
        }
    }
}
