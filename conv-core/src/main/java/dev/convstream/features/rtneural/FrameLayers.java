package dev.convstream.features.rtneural;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.ElementwiseMath;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.Padding;
import dev.convstream.spec.PaddingMode;
import dev.convstream.stream.FrameByFrameProcessor;
import dev.convstream.stream.FrameProcessor;
import dev.convstream.stream.StreamingConv1d;
import dev.convstream.stream.StreamingConv2d;

import java.util.Arrays;

/** The frame layers an RTNeural model is made of; weights already in convstream layout. */
final class FrameLayers {
    private FrameLayers() {
    }

    /** A streaming conv run one frame per call: prepared for single frames, reset with the layer. */
    private abstract static class SteppedConv extends FrameByFrameProcessor {
        private final Runnable prepareForOneFrame;
        private final Runnable resetConv;

        SteppedConv(int inputSize, int outputSize, Runnable prepareForOneFrame, Runnable resetConv) {
            super(inputSize, outputSize);
            this.prepareForOneFrame = prepareForOneFrame;
            this.resetConv = resetConv;
        }

        @Override
        public void prepare(int maxBlockSize) {
            super.prepare(maxBlockSize);
            prepareForOneFrame.run();
        }

        @Override
        public void reset() {
            resetConv.run();
        }
    }

    /** {@code y = x W + b} then the activation; weight stored {@code [out][in]}. */
    static RtNeuralModel.Layer dense(int in, int out, float[] weightOutIn, float[] bias, ActivationFunction act,
                                     ElementwiseMath math) {
        FrameProcessor frames = new FrameByFrameProcessor(in, out) {
            @Override
            protected void apply(float[] x, int xOff, float[] y, int yOff) {
                for (int o = 0; o < out; o++) {
                    double sum = bias[o];
                    int row = o * in;
                    for (int i = 0; i < in; i++) {
                        sum += (double) weightOutIn[row + i] * x[xOff + i];
                    }
                    y[yOff + o] = (float) sum;
                }
                act.apply(y, yOff, out, math);
            }
        };
        return new RtNeuralModel.Layer(frames, "dense " + in + "->" + out + " " + act.describe(), 0);
    }

    /** Causal conv1d through conv-core's StreamingConv1d, one frame per call. */
    static RtNeuralModel.Layer conv1d(int cin, int cout, int k, int dilation, int groups, float[] weight,
                                      float[] bias, ActivationFunction act, Kernels kernels) {
        Conv1dSpec spec = Conv1dSpec.builder(cin, cout, k).dilation(dilation).groups(groups)
                .padding(Padding.causal(k, dilation)).build();
        StreamingConv1d conv = new StreamingConv1d(spec, weight, bias, kernels);
        ElementwiseMath math = kernels.math();
        FrameProcessor frames = new SteppedConv(cin, cout, () -> conv.prepare(1), conv::reset) {
            @Override
            protected void apply(float[] x, int xOff, float[] y, int yOff) {
                conv.process(x, xOff, 1, y, yOff, 1, 1); // one frame: channel stride 1
                act.apply(y, yOff, cout, math);
            }
        };
        return new RtNeuralModel.Layer(frames, "conv1d " + cin + "->" + cout + " k=" + k + " d=" + dilation + " g="
                + groups + " " + act.describe(), dilation * (k - 1));
    }

    /**
     * RTNeural's {@code StridedConv1D}: the causal conv takes every frame into its history, but
     * its output is computed only on frames {@code 0, s, 2s, ...} after a reset and held (zeros
     * before the first) for the {@code s - 1} frames between, so the stream keeps its rate.
     * Held frames still run the conv into a scratch frame: the history must advance, and
     * StreamingConv1d has no push-only step.
     */
    static RtNeuralModel.Layer stridedConv1d(int cin, int cout, int k, int dilation, int groups, int stride,
                                             float[] weight, float[] bias, ActivationFunction act, Kernels kernels) {
        Conv1dSpec spec = Conv1dSpec.builder(cin, cout, k).dilation(dilation).groups(groups)
                .padding(Padding.causal(k, dilation)).build();
        StreamingConv1d conv = new StreamingConv1d(spec, weight, bias, kernels);
        ElementwiseMath math = kernels.math();
        float[] held = new float[cout];
        float[] scratch = new float[cout];
        int[] phase = {0};
        FrameProcessor frames = new SteppedConv(cin, cout, () -> conv.prepare(1), () -> {
            conv.reset();
            Arrays.fill(held, 0f);
            phase[0] = 0;
        }) {
            @Override
            protected void apply(float[] x, int xOff, float[] y, int yOff) {
                if (phase[0] == 0) {
                    conv.process(x, xOff, 1, held, 0, 1, 1);
                    act.apply(held, 0, cout, math);
                } else {
                    conv.process(x, xOff, 1, scratch, 0, 1, 1);
                }
                phase[0] = phase[0] == stride - 1 ? 0 : phase[0] + 1;
                System.arraycopy(held, 0, y, yOff, cout);
            }
        };
        return new RtNeuralModel.Layer(frames, "conv1d " + cin + "->" + cout + " k=" + k + " d=" + dilation + " g="
                + groups + " stride=" + stride + " (held) " + act.describe(), dilation * (k - 1));
    }

    /**
     * PyTorch's {@code ConvTranspose1d} (groups 1) as RTNeural's {@code loadConvTranspose1D} runs it:
     * at stride 1 it is the causal conv {@code y[n] = b + sum_k W[:, :, k]^T x[n - k d]}, i.e. a
     * conv whose taps, oldest first, are the transposed weight's taps reversed, with in/out swapped.
     * A module built with {@code stride > 1} is run by feeding the input zero-stuffed; its
     * {@code padding} only crops PyTorch's output, so the stream lags PyTorch by that many frames.
     *
     * @param weightInOutK PyTorch's {@code weight [in][out][K]}
     */
    static RtNeuralModel.Layer convTranspose1d(int cin, int cout, int k, int dilation, int padding, float[] weightInOutK,
                                               float[] bias, ActivationFunction act, Kernels kernels) {
        float[] w = new float[cout * cin * k]; // [out][in][K], taps oldest first
        for (int i = 0; i < cin; i++) {
            for (int o = 0; o < cout; o++) {
                for (int t = 0; t < k; t++) {
                    w[(o * cin + i) * k + (k - 1 - t)] = weightInOutK[(i * cout + o) * k + t];
                }
            }
        }
        RtNeuralModel.Layer conv = conv1d(cin, cout, k, dilation, 1, w, bias, act, kernels);
        return new RtNeuralModel.Layer(conv.frames(), "convtranspose1d " + cin + "->" + cout + " k=" + k + " d=" + dilation
                + " padding=" + padding + " " + act.describe(), padding);
    }

    /**
     * Causal-in-time conv2d through conv-core's {@link StreamingConv2d} (H = time, W = feature);
     * frames arrive and leave channels-last {@code [F][C]} and are transposed around it.
     */
    static RtNeuralModel.Layer conv2d(Conv2dSpec spec, boolean same, int features, float[] weight, float[] bias,
                                      ActivationFunction act, Kernels kernels) {
        StreamingConv2d conv = new StreamingConv2d(spec, features, weight, bias, kernels);
        ElementwiseMath math = kernels.math();
        int cin = spec.inChannels();
        int cout = spec.outChannels();
        int outF = conv.outputBins();
        float[] planarIn = new float[cin * features];
        float[] planarOut = new float[cout * outF];
        FrameProcessor frames = new SteppedConv(cin * features, cout * outF, () -> conv.prepare(1), conv::reset) {
            @Override
            protected void apply(float[] x, int xOff, float[] y, int yOff) {
                for (int f = 0; f < features; f++) {
                    for (int c = 0; c < cin; c++) {
                        planarIn[c * features + f] = x[xOff + f * cin + c];
                    }
                }
                conv.process(planarIn, 0, planarOut, 0, 1); // causal, time stride 1: always emits
                for (int c = 0; c < cout; c++) {
                    for (int f = 0; f < outF; f++) {
                        y[yOff + f * cout + c] = planarOut[c * outF + f];
                    }
                }
                act.apply(y, yOff, cout * outF, math);
            }
        };
        return new RtNeuralModel.Layer(frames, "conv2d " + cin + "->" + cout + " kt=" + spec.kernelH() + " kf="
                + spec.kernelW() + " d=" + spec.dilationH() + " s=" + spec.strideW() + " F=" + features + "->" + outF
                + (same ? " same" : " valid") + " " + act.describe(), kerasDelay(spec.dilationH() * (spec.kernelH() - 1), same));
    }

    /**
     * Frames by which a Keras conv with {@code history = (K_t - 1) d} leads the causal stream:
     * all of it with "valid" time padding, less TensorFlow's left pad {@code history / 2} with
     * "same" (stride 1: total pad = history, left = total // 2).
     */
    static int kerasDelay(int history, boolean same) {
        return same ? history - history / 2 : history;
    }

    /** RTNeural's conv2d as a Conv2dSpec: H = time (causal), W = feature (TF padding rule, stride). */
    static Conv2dSpec conv2dSpec(int cin, int cout, int kt, int kf, int dilation, int stride, int features, boolean same) {
        Padding feature = Padding.valid();
        if (same) {
            int total = features % stride == 0 ? Math.max(kf - stride, 0) : Math.max(kf - features % stride, 0);
            feature = new Padding(total / 2, total - total / 2);
        }
        return new Conv2dSpec(cin, cout, kt, kf, 1, stride, Padding.causal(kt, dilation), feature, PaddingMode.ZEROS,
                dilation, 1, 1, true);
    }

    /** Per channel of the last axis ({@code i % channels}): {@code y = x * scale + shift}, then the activation. */
    static RtNeuralModel.Layer affine(String kind, int size, int channels, float[] scale, float[] shift,
                                      ActivationFunction act, ElementwiseMath math) {
        FrameProcessor frames = new FrameByFrameProcessor(size, size) {
            @Override
            protected void apply(float[] x, int xOff, float[] y, int yOff) {
                for (int i = 0; i < size; i++) {
                    int c = i % channels;
                    y[yOff + i] = x[xOff + i] * scale[c] + shift[c];
                }
                act.apply(y, yOff, size, math);
            }
        };
        return new RtNeuralModel.Layer(frames, kind + " " + channels + " channels " + act.describe(), 0);
    }

    /** {@code max(0,x) + alpha min(0,x)}, alpha per channel of the last axis (or shared). */
    static RtNeuralModel.Layer prelu(int size, float[] alpha, ActivationFunction act, ElementwiseMath math) {
        FrameProcessor frames = new FrameByFrameProcessor(size, size) {
            @Override
            protected void apply(float[] x, int xOff, float[] y, int yOff) {
                for (int i = 0; i < size; i++) {
                    float a = alpha[i % alpha.length];
                    float v = x[xOff + i];
                    y[yOff + i] = v > 0 ? v : a * v;
                }
                act.apply(y, yOff, size, math);
            }
        };
        return new RtNeuralModel.Layer(frames, "prelu " + alpha.length + (alpha.length == 1 ? " shared" : " channels"), 0);
    }

    /** {@code first} then {@code then}, both from the activation library (PyTorch's PReLU module, then the layer's activation). */
    static RtNeuralModel.Layer activation(int size, ActivationFunction first, ActivationFunction then, ElementwiseMath math) {
        FrameProcessor frames = new FrameByFrameProcessor(size, size) {
            @Override
            protected void apply(float[] x, int xOff, float[] y, int yOff) {
                System.arraycopy(x, xOff, y, yOff, size);
                first.apply(y, yOff, size, math); // one frame: a per-channel PReLU's runs are one value each
                then.apply(y, yOff, size, math);
            }
        };
        return new RtNeuralModel.Layer(frames, first.describe() + " " + then.describe(), 0);
    }

    /**
     * One micro-TCN residual block, {@code y = PReLU(conv1'(x)) + res(x[t - lag])}: conv1' is the
     * causal conv with BatchNorm already folded in (zero history at reset, like every conv here),
     * the residual a 1x1 conv with {@code groups = in}, run as a 2-tap causal conv of dilation
     * {@code lag} whose newest tap is zero when the residual lags ({@link TorchLayerSpec.ResidualCrop}),
     * so both paths keep their histories in conv-core's StreamingConv1d rows. {@code kerasDelay} is conv1's
     * {@code (K-1) d}: the block's stream lags the unpadded PyTorch block by that much.
     *
     * @param weight     conv1 {@code [out][in][K]}, taps oldest first, BN folded
     * @param resWeight  res {@code [out][1][1]}
     */
    static RtNeuralModel.Layer tcnBlock(int in, int out, int k, int dilation, float[] weight, float[] bias, float[] slopes,
                                        float[] resWeight, TorchLayerSpec.ResidualCrop crop, ActivationFunction act,
                                        Kernels kernels) {
        int history = (k - 1) * dilation;
        int lag = crop.lag(history);
        ActivationFunction prelu = ActivationFunction.prelu(slopes);
        FrameProcessor conv = conv1d(in, out, k, dilation, 1, weight, bias, prelu, kernels).frames();
        float[] resTaps = new float[out * 2]; // [out][1][2]: tap 0 reads x[t - lag], tap 1 (x[t]) only when lag is 0
        for (int o = 0; o < out; o++) {
            resTaps[o * 2 + (lag == 0 ? 1 : 0)] = resWeight[o];
        }
        FrameProcessor res = conv1d(in, out, 2, Math.max(lag, 1), in, resTaps, new float[out],
                ActivationFunction.identity(), kernels).frames();
        float[] residual = new float[out];
        ElementwiseMath math = kernels.math();
        FrameProcessor frames = new FrameByFrameProcessor(in, out) {
            @Override
            public void prepare(int maxBlockSize) {
                super.prepare(maxBlockSize);
                conv.prepare(1);
                res.prepare(1);
            }

            @Override
            public void reset() {
                conv.reset();
                res.reset();
            }

            @Override
            protected void apply(float[] x, int xOff, float[] y, int yOff) {
                conv.process(x, xOff, y, yOff, 1);
                res.process(x, xOff, residual, 0, 1);
                for (int o = 0; o < out; o++) {
                    y[yOff + o] += residual[o];
                }
                act.apply(y, yOff, out, math);
            }
        };
        return new RtNeuralModel.Layer(frames, "tcn_block " + in + "->" + out + " k=" + k + " d=" + dilation + " "
                + prelu.describe() + " residual=" + crop.name().toLowerCase(java.util.Locale.ROOT) + " (lag " + lag + ") "
                + act.describe(), history);
    }

    static RtNeuralModel.Layer activation(int size, ActivationFunction act, ElementwiseMath math) {
        FrameProcessor frames = new FrameByFrameProcessor(size, size) {
            @Override
            protected void apply(float[] x, int xOff, float[] y, int yOff) {
                System.arraycopy(x, xOff, y, yOff, size);
                act.apply(y, yOff, size, math);
            }
        };
        return new RtNeuralModel.Layer(frames, "activation " + act.describe(), 0);
    }

    /**
     * One layer of PyTorch's {@code nn.GRU}, stepped one frame at a time from zero state, in
     * PyTorch's own gate order {@code r, z, n} (rows of {@code weight_ih [3H][in]},
     * {@code weight_hh [3H][H]}): {@code r = s(W_ir x + b_ir + W_hr h + b_hr)}, {@code z} likewise,
     * {@code n = tanh(W_in x + b_in + r (W_hn h + b_hn))}, {@code h' = (1 - z) n + z h}.
     * The activation applies to the output only; the state keeps {@code h'}.
     */
    static RtNeuralModel.Layer gru(int in, int hidden, float[] wih, float[] whh, float[] bih, float[] bhh,
                                   ActivationFunction act, ElementwiseMath math) {
        float[] state = new float[hidden];
        double[] gi = new double[3 * hidden];
        double[] gh = new double[3 * hidden];
        FrameProcessor frames = new FrameByFrameProcessor(in, hidden) {
            @Override
            protected void apply(float[] x, int xOff, float[] y, int yOff) {
                affine(wih, bih, x, xOff, in, gi);
                affine(whh, bhh, state, 0, hidden, gh);
                for (int j = 0; j < hidden; j++) {
                    double r = sigmoid(gi[j] + gh[j]);
                    double z = sigmoid(gi[hidden + j] + gh[hidden + j]);
                    double n = Math.tanh(gi[2 * hidden + j] + r * gh[2 * hidden + j]);
                    state[j] = (float) ((1 - z) * n + z * state[j]);
                }
                System.arraycopy(state, 0, y, yOff, hidden);
                act.apply(y, yOff, hidden, math);
            }

            @Override
            public void reset() {
                Arrays.fill(state, 0f);
            }
        };
        return new RtNeuralModel.Layer(frames, "gru " + in + "->" + hidden + " " + act.describe(), 0);
    }

    /**
     * One layer of PyTorch's {@code nn.LSTM}, stepped one frame at a time from zero state, in
     * PyTorch's gate order {@code i, f, g, o} (rows of {@code weight_ih [4H][in]}):
     * {@code c' = s(f) c + s(i) tanh(g)}, {@code h' = s(o) tanh(c')}.
     */
    static RtNeuralModel.Layer lstm(int in, int hidden, float[] wih, float[] whh, float[] bih, float[] bhh,
                                    ActivationFunction act, ElementwiseMath math) {
        float[] h = new float[hidden];
        float[] c = new float[hidden];
        double[] gi = new double[4 * hidden];
        double[] gh = new double[4 * hidden];
        FrameProcessor frames = new FrameByFrameProcessor(in, hidden) {
            @Override
            protected void apply(float[] x, int xOff, float[] y, int yOff) {
                affine(wih, bih, x, xOff, in, gi);
                affine(whh, bhh, h, 0, hidden, gh);
                for (int j = 0; j < hidden; j++) {
                    double i = sigmoid(gi[j] + gh[j]);
                    double f = sigmoid(gi[hidden + j] + gh[hidden + j]);
                    double g = Math.tanh(gi[2 * hidden + j] + gh[2 * hidden + j]);
                    double o = sigmoid(gi[3 * hidden + j] + gh[3 * hidden + j]);
                    double cell = f * c[j] + i * g;
                    c[j] = (float) cell;
                    h[j] = (float) (o * Math.tanh(cell));
                }
                System.arraycopy(h, 0, y, yOff, hidden);
                act.apply(y, yOff, hidden, math);
            }

            @Override
            public void reset() {
                Arrays.fill(h, 0f);
                Arrays.fill(c, 0f);
            }
        };
        return new RtNeuralModel.Layer(frames, "lstm " + in + "->" + hidden + " " + act.describe(), 0);
    }

    /** {@code out = W v + b} with {@code W [out.length][n]} row-major. */
    private static void affine(float[] w, float[] b, float[] v, int vOff, int n, double[] out) {
        for (int r = 0; r < out.length; r++) {
            double sum = b[r];
            int row = r * n;
            for (int k = 0; k < n; k++) {
                sum += (double) w[row + k] * v[vOff + k];
            }
            out[r] = sum;
        }
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
