package dev.convstream.train;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.check.Require;
import dev.convstream.grad.ActivationGrad;
import dev.convstream.grad.Conv1dGrad;
import dev.convstream.grad.Conv1dShape;
import dev.convstream.grad.GradScratch;
import dev.convstream.grad.HeadGrad;
import dev.convstream.kernel.ElementwiseMath;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.ConvFold;
import dev.convstream.model.GatingMode;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.LayerConfig;
import dev.convstream.model.WaveNetConfig;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * NAM's A1 WaveNet (file versions 0.5.x) as a {@link TrainableModel}: forward and backward over
 * whole segments, one batch element per {@link Workspace}.
 *
 * <p>The network is the one {@link dev.convstream.model.WaveNet} runs (equations in
 * {@code docs/nam-modern.md}; this class and its backward in {@code docs/training-internals.md}):
 * per layer array a rechannel 1x1, then layers {@code z = conv(h) + b + mixin(c)},
 * {@code a = tanh(z)} (or {@code tanh(z1) * sigmoid(z2)} when gated),
 * {@code h' = h + layer1x1(a)}, the head sum of every layer's {@code a} (started from the previous
 * array's head output), the head 1x1; the output is the head scale times the last head. The
 * convs are "valid": a segment of L samples shrinks by each layer's history, so
 * {@code L - receptiveField() + 1} predictions come out, the last aligned with the last input
 * sample, and no prediction sees the segment's edge.
 *
 * <p>The forward runs every conv on the kernel family's streaming convolution, in the order
 * {@code WaveNetStack} runs it, so that with the scalar kernels a frame's value has the bits
 * inference gives it (see the tests). Parameters are one flat array in NAM's weight order; the
 * last one, the head scale, is a constant in NAM's trainer and gets no gradient here either.
 *
 * <p>Threading: {@link #forward} and {@link #backward} read the parameters and write only their
 * workspace, so threads may run them on their own workspaces at once while no one updates the
 * parameters.
 */
public final class WaveNetA1Trainable implements TrainableModel {

    private final WaveNetConfig config;
    private final float[] parameters;
    private final Kernels kernels;
    private final ElementwiseMath math;
    private final ArrayPlan[] arrays;
    private final int headScaleIndex;
    private final int receptiveField;

    /** With the preferred kernel family. */
    public WaveNetA1Trainable(WaveNetConfig config, float[] parameters) {
        this(config, parameters, Kernels.preferred());
    }

    /**
     * @param parameters NAM's flat weights for {@code config} (copied)
     * @throws IllegalArgumentException if the config is not an A1 WaveNet (mono, no post-stack
     *     head or condition DSP, no groups, FiLM, bottleneck or head 1x1, 1x1 array heads, Tanh
     *     gated by Sigmoid or not) or the parameter count does not match
     */
    public WaveNetA1Trainable(WaveNetConfig config, float[] parameters, Kernels kernels) {
        Require.notNull("config", config);
        Require.notNull("parameters", parameters);
        Require.notNull("kernels", kernels);
        requireA1(config);
        if (parameters.length != config.weightCount()) {
            throw new IllegalArgumentException("weights: expected " + config.weightCount() + " values, found "
                    + parameters.length);
        }
        this.config = config;
        this.parameters = parameters.clone();
        this.kernels = kernels;
        this.math = kernels.math();
        List<LayerArrayConfig> list = config.layerArrays();
        arrays = new ArrayPlan[list.size()];
        int at = 0;
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = new ArrayPlan(list.get(i), at, kernels);
            at = arrays[i].end;
        }
        headScaleIndex = at;
        receptiveField = config.receptiveField();
    }

    /** PyTorch's default init ({@code U(±1/sqrt(fan_in))}, every weight and bias) from {@code seed}, NAM's order. */
    static WaveNetA1Trainable initialised(WaveNetConfig config, long seed) {
        requireA1(config);
        float[] p = new float[Math.toIntExact(config.weightCount())];
        SplittableRandom rng = new SplittableRandom(seed);
        int at = 0;
        for (LayerArrayConfig a : config.layerArrays()) {
            int c = a.channels();
            at = uniform(p, at, c * a.inputSize(), a.inputSize(), rng);
            for (LayerConfig l : a.layers()) {
                int gc = l.gating().factor() * c;
                int fan = c * l.kernelSize();
                at = uniform(p, at, gc * fan, fan, rng);
                at = uniform(p, at, gc, fan, rng);
                at = uniform(p, at, gc * a.conditionSize(), a.conditionSize(), rng);
                at = uniform(p, at, c * c, c, rng);
                at = uniform(p, at, c, c, rng);
            }
            at = uniform(p, at, a.headSize() * c, c, rng);
            if (a.headBias()) {
                at = uniform(p, at, a.headSize(), c, rng);
            }
        }
        p[at] = config.headScale();
        return new WaveNetA1Trainable(config, p);
    }

    private static int uniform(float[] p, int at, int count, int fanIn, SplittableRandom rng) {
        double bound = 1.0 / Math.sqrt(fanIn);
        for (int i = 0; i < count; i++) {
            p[at + i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return at + count;
    }

    private static void requireA1(WaveNetConfig config) {
        if (config.inChannels() != 1 || config.outChannels() != 1) {
            throw new IllegalArgumentException("an A1 WaveNet is mono in and out, found " + config.inChannels()
                    + " in and " + config.outChannels() + " out");
        }
        if (config.head() != null || config.conditionDsp() != null) {
            throw new IllegalArgumentException("an A1 WaveNet has no post-stack head and no condition_dsp");
        }
        for (int i = 0; i < config.layerArrays().size(); i++) {
            LayerArrayConfig a = config.layerArrays().get(i);
            String at = "layer array " + i + ": ";
            if (a.bottleneck() != a.channels() || a.layer1x1() == null || a.layer1x1().groups() != 1
                    || a.head1x1() != null || a.groupsInput() != 1 || a.groupsInputMixin() != 1
                    || !a.films().isEmpty() || a.head().kernelSize() != 1) {
                throw new IllegalArgumentException(at + "not an A1 layer array (bottleneck, groups, FiLM, head1x1 "
                        + "or a head kernel wider than 1)");
            }
            for (LayerConfig l : a.layers()) {
                boolean tanh = l.activation() instanceof ActivationFunction.Tanh;
                boolean gateOk = l.gating() == GatingMode.NONE
                        || (l.gating() == GatingMode.GATED && l.secondary() instanceof ActivationFunction.Sigmoid);
                if (!tanh || !gateOk) {
                    throw new IllegalArgumentException(at + "training supports Tanh, gated by Sigmoid or not; found "
                            + l.activation().describe() + " with gating " + l.gating().namName());
                }
            }
        }
    }

    public WaveNetConfig config() {
        return config;
    }

    /** The kernel family the passes run on. */
    public Kernels kernels() {
        return kernels;
    }

    @Override
    public int parameterCount() {
        return parameters.length;
    }

    @Override
    public float[] parameters() {
        return parameters;
    }

    @Override
    public int receptiveField() {
        return receptiveField;
    }

    /**
     * {@inheritDoc}
     *
     * <p>It keeps every layer's input and activation for the backward: about 2.6 KB per input
     * sample for STANDARD (32 MB for NAM's 12,284-sample segments), less for the smaller sizes.
     * For a long signal without backward (validation), stream it through
     * {@link dev.convstream.model.WaveNet} instead: constant memory, the same values (bit for bit
     * on the scalar kernels).
     */
    @Override
    public Workspace workspace(int maxInputLength) {
        if (maxInputLength < receptiveField) {
            throw new IllegalArgumentException("maxInputLength must be >= the receptive field (" + receptiveField
                    + "), found " + maxInputLength);
        }
        return new Ws(this, maxInputLength);
    }

    @Override
    public void forward(Workspace workspace, float[] input, int offset, int length, float[] prediction) {
        Ws ws = own(workspace);
        Require.notNull("input", input);
        Require.notNull("prediction", prediction);
        if (length < receptiveField || length > ws.maxLength) {
            throw new IllegalArgumentException("length must be in [" + receptiveField + ", " + ws.maxLength
                    + "] (receptive field, workspace size), found " + length);
        }
        if (offset < 0 || offset + (long) length > input.length) {
            throw new IllegalArgumentException("input [" + offset + ", " + (offset + (long) length)
                    + ") is outside the array of " + input.length);
        }
        int predictions = length - receptiveField + 1;
        if (prediction.length < predictions) {
            throw new IllegalArgumentException("prediction needs " + predictions + " values, array has "
                    + prediction.length);
        }
        ws.ready = false;
        ws.input = input;
        ws.offset = offset;
        ws.length = length;
        int t = length;
        for (int i = 0; i < arrays.length; i++) {
            ArrayPlan a = arrays[i];
            ArrayWs w = ws.arrays[i];
            if (i == 0) {
                forwardArray(a, w, null, input, offset, length, t, ws);
            } else {
                ArrayWs prev = ws.arrays[i - 1];
                forwardArray(a, w, prev, prev.h[prev.h.length - 1], 0, t, t, ws);
            }
            t -= a.history;
        }
        HeadGrad.scale(parameters[headScaleIndex], ws.arrays[arrays.length - 1].headOut, 0, prediction, 0,
                predictions);
        ws.ready = true;
    }

    private void forwardArray(ArrayPlan a, ArrayWs w, ArrayWs prev, float[] x, int xOff, int xStride, int t, Ws ws) {
        float[] p = parameters;
        int c = a.channels;
        int end = t - a.history;
        a.rechannel.forward(p, a.rechannelW, null, 0, x, xOff, xStride, null, 0, 0, w.h[0], 0, t, t);
        if (prev == null) {
            Arrays.fill(w.headSum, 0, c * end, 0f);
        } else {
            for (int r = 0; r < c; r++) {
                System.arraycopy(prev.headOut, r * t + t - end, w.headSum, r * end, end);
            }
        }
        int cur = t;
        for (int l = 0; l < a.layers.length; l++) {
            LayerPlan layer = a.layers[l];
            int n = cur - layer.history;
            float[] z = a.gated ? w.z[l] : w.a[l];
            if (l == 0 && a.folded != null) {
                // inference's fold (ConvFold): the first conv on x itself, the same bits as WaveNet's step
                Conv1dShape s = layer.conv.shape();
                ConvFold.fold(p, layer.convW, s.outChannels(), s.inChannels(), 1, s.kernelSize(), p, a.rechannelW,
                        a.inputSize, w.folded, 0);
                a.folded.forward(w.folded, 0, p, layer.convB, x, xOff + layer.history, xStride, null, 0, 0, z, 0, n, n);
            } else {
                layer.conv.forward(p, layer.convW, p, layer.convB, w.h[l], layer.history, cur, null, 0, 0, z, 0, n, n);
            }
            layer.mixin.forward(p, layer.mixinW, null, 0, ws.input, ws.offset + ws.length - n, n, z, 0, n, z, 0, n, n);
            int len = c * n;
            a.activation.apply(z, 0, len, math);
            if (a.gated) {
                a.gate.apply(z, len, len, math);
                float[] act = w.a[l];
                for (int j = 0; j < len; j++) {
                    act[j] = z[j] * z[len + j];
                }
            }
            float[] act = w.a[l];
            layer.layer1x1.forward(p, layer.layer1x1W, p, layer.layer1x1B, act, 0, n, w.h[l], layer.history, cur,
                    w.h[l + 1], 0, n, n);
            for (int r = 0; r < c; r++) {
                int to = r * end;
                int from = r * n + n - end;
                for (int j = 0; j < end; j++) {
                    w.headSum[to + j] += act[from + j];
                }
            }
            cur = n;
        }
        a.head.forward(p, a.headW, p, a.headB, w.headSum, 0, end, null, 0, 0, w.headOut, 0, end, end);
    }

    @Override
    public void backward(Workspace workspace, float[] predictionGrad, float[] parameterGrad) {
        Ws ws = own(workspace);
        if (!ws.ready) {
            throw new IllegalStateException("backward needs a forward on this workspace first");
        }
        int predictions = ws.length - receptiveField + 1;
        Require.notNull("predictionGrad", predictionGrad);
        Require.notNull("parameterGrad", parameterGrad);
        if (predictionGrad.length < predictions) {
            throw new IllegalArgumentException("predictionGrad needs " + predictions + " values, array has "
                    + predictionGrad.length);
        }
        if (parameterGrad.length != parameters.length) {
            throw new IllegalArgumentException("parameterGrad needs " + parameters.length + " values, found "
                    + parameterGrad.length);
        }
        int last = arrays.length - 1;
        HeadGrad.scaleBackward(parameters[headScaleIndex], predictionGrad, 0, ws.arrays[last].dHeadOut, 0,
                predictions);
        Arrays.fill(ws.arrays[last].d0, 0, arrays[last].channels * predictions, 0f);
        int[] lengths = ws.arrayLengths;
        int t = ws.length;
        for (int i = 0; i < arrays.length; i++) {
            lengths[i] = t;
            t -= arrays[i].history;
        }
        for (int i = last; i >= 0; i--) {
            ArrayWs prev = i == 0 ? null : ws.arrays[i - 1];
            float[] x = i == 0 ? ws.input : prev.h[prev.h.length - 1];
            int xOff = i == 0 ? ws.offset : 0;
            backwardArray(arrays[i], ws.arrays[i], prev, x, xOff, lengths[i], parameterGrad, ws);
        }
    }

    private void backwardArray(ArrayPlan a, ArrayWs w, ArrayWs prev, float[] x, int xOff, int t, float[] grad,
                               Ws ws) {
        float[] p = parameters;
        GradScratch s = ws.scratch;
        int c = a.channels;
        int end = t - a.history;
        a.head.weightGradient(w.headSum, 0, end, w.dHeadOut, 0, end, end, grad, a.headW, s);
        if (a.headB >= 0) {
            a.head.biasGradient(w.dHeadOut, 0, end, end, grad, a.headB, s);
        }
        a.head.inputGradient(p, a.headW, w.dHeadOut, 0, end, end, w.dHeadSum, 0, end, false, s);
        if (prev != null) {
            // the previous array's head output enters only the last `end` frames of this head sum
            for (int r = 0; r < c; r++) {
                Arrays.fill(prev.dHeadOut, r * t, r * t + t - end, 0f);
                System.arraycopy(w.dHeadSum, r * end, prev.dHeadOut, r * t + t - end, end);
            }
        }
        float[] dh = w.d0;
        float[] dhPrev = w.d1;
        int cur = end;
        for (int l = a.layers.length - 1; l >= 0; l--) {
            LayerPlan layer = a.layers[l];
            int in = cur + layer.history;
            float[] act = w.a[l];
            float[] da = w.da;
            layer.layer1x1.inputGradient(p, layer.layer1x1W, dh, 0, cur, cur, da, 0, cur, false, s);
            for (int r = 0; r < c; r++) {
                int to = r * cur + cur - end;
                int from = r * end;
                for (int j = 0; j < end; j++) {
                    da[to + j] += w.dHeadSum[from + j];
                }
            }
            layer.layer1x1.weightGradient(act, 0, cur, dh, 0, cur, cur, grad, layer.layer1x1W, s);
            layer.layer1x1.biasGradient(dh, 0, cur, cur, grad, layer.layer1x1B, s);
            int len = c * cur;
            float[] dz;
            if (a.gated) {
                dz = w.dz;
                float[] z = w.z[l];
                ActivationGrad.gated(z, 0, z, len, da, 0, dz, 0, dz, len, len);
            } else {
                dz = da;
                ActivationGrad.tanh(act, 0, da, 0, dz, 0, len);
            }
            layer.mixin.weightGradient(ws.input, ws.offset + ws.length - cur, cur, dz, 0, cur, cur, grad,
                    layer.mixinW, s);
            layer.conv.weightGradient(w.h[l], 0, in, dz, 0, cur, cur, grad, layer.convW, s);
            layer.conv.biasGradient(dz, 0, cur, cur, grad, layer.convB, s);
            layer.conv.inputGradient(p, layer.convW, dz, 0, cur, cur, dhPrev, 0, in, false, s);
            for (int r = 0; r < c; r++) {
                int to = r * in + layer.history;
                int from = r * cur;
                for (int j = 0; j < cur; j++) {
                    dhPrev[to + j] += dh[from + j];
                }
            }
            float[] swap = dh;
            dh = dhPrev;
            dhPrev = swap;
            cur = in;
        }
        a.rechannel.weightGradient(x, xOff, t, dh, 0, t, t, grad, a.rechannelW, s);
        if (prev != null) {
            a.rechannel.inputGradient(p, a.rechannelW, dh, 0, t, t, prev.d0, 0, t, false, s);
        }
    }

    private Ws own(Workspace workspace) {
        if (!(workspace instanceof Ws ws) || ws.model != this) {
            throw new IllegalArgumentException("workspace was not made by this model's workspace()");
        }
        return ws;
    }

    /** Where one layer array's parameters are, and its ops. */
    private static final class ArrayPlan {
        final int channels;
        final boolean gated;
        final ActivationFunction activation;
        final ActivationFunction gate;
        final int inputSize;
        final Conv1dGrad rechannel;
        final int rechannelW;
        final LayerPlan[] layers;
        // the first layer's conv folded through the rechannel (see forwardArray), or null; its gradients are the unfolded ones
        final Conv1dGrad folded;
        final Conv1dGrad head;
        final int headW;
        final int headB; // -1: no bias
        final int history;
        final int end;   // one past this array's last parameter

        ArrayPlan(LayerArrayConfig cfg, int at, Kernels kernels) {
            channels = cfg.channels();
            LayerConfig first = cfg.layers().get(0);
            gated = first.gating() == GatingMode.GATED;
            activation = first.activation();
            gate = ActivationFunction.sigmoid();
            for (LayerConfig l : cfg.layers()) {
                if ((l.gating() == GatingMode.GATED) != gated) {
                    throw new IllegalArgumentException("an A1 layer array gates all its layers or none");
                }
            }
            rechannel = new Conv1dGrad(Conv1dShape.pointwise(cfg.inputSize(), channels, false), kernels);
            rechannelW = at;
            at += rechannel.shape().parameterCount();
            layers = new LayerPlan[cfg.layerCount()];
            int h = 0;
            for (int l = 0; l < layers.length; l++) {
                layers[l] = new LayerPlan(cfg, cfg.layers().get(l), at, kernels);
                at = layers[l].end;
                h += layers[l].history;
            }
            history = h;
            inputSize = cfg.inputSize();
            Conv1dShape firstConv = layers[0].conv.shape();
            folded = ConvFold.pays(channels, 1, inputSize) ? new Conv1dGrad(new Conv1dShape(inputSize,
                    firstConv.outChannels(), firstConv.kernelSize(), firstConv.dilation(), 1, true), kernels) : null;
            head = new Conv1dGrad(Conv1dShape.pointwise(channels, cfg.headSize(), cfg.headBias()), kernels);
            headW = at;
            headB = cfg.headBias() ? at + head.shape().weightCount() : -1;
            end = at + head.shape().parameterCount();
        }
    }

    /** One layer's ops and where its parameters are, in NAM's order: conv W, b, mixin W, 1x1 W, b. */
    private static final class LayerPlan {
        final int history;
        final Conv1dGrad conv;
        final Conv1dGrad mixin;
        final Conv1dGrad layer1x1;
        final int convW;
        final int convB;
        final int mixinW;
        final int layer1x1W;
        final int layer1x1B;
        final int end;

        LayerPlan(LayerArrayConfig cfg, LayerConfig l, int at, Kernels kernels) {
            int c = cfg.channels();
            int gc = l.gating().factor() * c;
            conv = new Conv1dGrad(new Conv1dShape(c, gc, l.kernelSize(), l.dilation(), 1, true), kernels);
            mixin = new Conv1dGrad(Conv1dShape.pointwise(cfg.conditionSize(), gc, false), kernels);
            layer1x1 = new Conv1dGrad(Conv1dShape.pointwise(c, c, true), kernels);
            history = conv.shape().history();
            convW = at;
            convB = at + conv.shape().weightCount();
            mixinW = convB + gc;
            layer1x1W = mixinW + mixin.shape().weightCount();
            layer1x1B = layer1x1W + layer1x1.shape().weightCount();
            end = layer1x1B + c;
        }
    }

    /** One thread's buffers: every signal the backward needs, kept from the forward. */
    private static final class Ws implements Workspace {
        final WaveNetA1Trainable model;
        final int maxLength;
        final GradScratch scratch;
        final ArrayWs[] arrays;
        final int[] arrayLengths;
        float[] input;
        int offset;
        int length;
        boolean ready;

        Ws(WaveNetA1Trainable model, int maxLength) {
            this.model = model;
            this.maxLength = maxLength;
            this.scratch = new GradScratch();
            arrays = new ArrayWs[model.arrays.length];
            int t = maxLength;
            for (int i = 0; i < arrays.length; i++) {
                ArrayPlan a = model.arrays[i];
                arrays[i] = new ArrayWs(a, model.config.layerArrays().get(i).headSize(), t);
                t -= a.history;
            }
            arrayLengths = new int[arrays.length];
        }
    }

    /** One layer array's buffers, sized for an array input of up to {@code t} frames. */
    private static final class ArrayWs {
        final float[][] h;  // h[l]: layer l's input [C][T_l]; h[L]: the array's output
        final float[][] a;  // a[l]: layer l's activation [C][T_l+1]
        final float[][] z;  // gated: z[l] = [tanh; sigmoid] [2C][T_l+1]; else null
        final float[] headSum;
        final float[] headOut;
        final float[] folded; // the first conv's folded weights, or null
        final float[] d0;
        final float[] d1;
        final float[] da;
        final float[] dz;
        final float[] dHeadSum;
        final float[] dHeadOut;

        ArrayWs(ArrayPlan plan, int headSize, int t) {
            int c = plan.channels;
            int layers = plan.layers.length;
            h = new float[layers + 1][];
            a = new float[layers][];
            z = plan.gated ? new float[layers][] : null;
            int cur = t;
            h[0] = new float[c * cur];
            for (int l = 0; l < layers; l++) {
                cur -= plan.layers[l].history;
                h[l + 1] = new float[c * cur];
                a[l] = new float[c * cur];
                if (z != null) {
                    z[l] = new float[2 * c * cur];
                }
            }
            headSum = new float[c * cur];
            headOut = new float[headSize * cur];
            folded = plan.folded == null ? null : new float[plan.folded.shape().weightCount()];
            d0 = new float[c * t];
            d1 = new float[c * t];
            da = new float[c * t];
            dz = plan.gated ? new float[2 * c * t] : null;
            dHeadSum = new float[c * cur];
            dHeadOut = new float[headSize * t];
        }
    }
}
