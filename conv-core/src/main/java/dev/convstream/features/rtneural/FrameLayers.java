package dev.convstream.features.rtneural;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.Padding;
import dev.convstream.spec.PaddingMode;
import dev.convstream.stream.StreamingConv1d;
import dev.convstream.stream.StreamingConv2d;

/** The frame layers an RTNeural model is made of; weights already in convstream layout. */
final class FrameLayers {
    private FrameLayers() {
    }

    /** Keras activations by RTNeural's names; "" is the identity. */
    enum Act {
        LINEAR, TANH, RELU, SIGMOID, SOFTMAX, ELU;

        static Act parse(String name, String where) {
            return switch (name) {
                case "", "linear" -> LINEAR;
                case "tanh" -> TANH;
                case "relu" -> RELU;
                case "sigmoid" -> SIGMOID;
                case "softmax" -> SOFTMAX;
                case "elu" -> ELU;
                default -> throw new IllegalArgumentException(where + ": unknown activation '" + name
                        + "', expected '', tanh, relu, sigmoid, softmax or elu");
            };
        }

        /**
         * In place over {@code x[0..n)}, in double. Softmax normalises over the channel (last)
         * axis, as Keras's default {@code axis=-1}: per feature position in a 2-D frame
         * {@code [F][C]}, over the whole frame in a 1-D one.
         */
        void apply(float[] x, int n, int channels) {
            switch (this) {
                case LINEAR -> {
                }
                case TANH -> {
                    for (int i = 0; i < n; i++) {
                        x[i] = (float) Math.tanh(x[i]);
                    }
                }
                case RELU -> {
                    for (int i = 0; i < n; i++) {
                        x[i] = Math.max(x[i], 0f);
                    }
                }
                case SIGMOID -> {
                    for (int i = 0; i < n; i++) {
                        x[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
                    }
                }
                case ELU -> {
                    for (int i = 0; i < n; i++) {
                        x[i] = x[i] > 0 ? x[i] : (float) Math.expm1(x[i]);
                    }
                }
                case SOFTMAX -> {
                    for (int start = 0; start < n; start += channels) {
                        int end = start + channels;
                        float max = Float.NEGATIVE_INFINITY;
                        for (int i = start; i < end; i++) {
                            max = Math.max(max, x[i]);
                        }
                        double sum = 0;
                        for (int i = start; i < end; i++) {
                            sum += Math.exp(x[i] - max);
                        }
                        for (int i = start; i < end; i++) {
                            x[i] = (float) (Math.exp(x[i] - max) / sum);
                        }
                    }
                }
                default -> throw new AssertionError(this);
            }
        }
    }

    /** {@code y = x W + b} then the activation; weight stored {@code [out][in]}. */
    static RtNeuralModel.FrameLayer dense(int in, int out, float[] weightOutIn, float[] bias, Act act) {
        return new RtNeuralModel.FrameLayer() {
            public int inputSize() { return in; }
            public int outputSize() { return out; }
            public void reset() { }
            public String describe() { return "dense " + in + "->" + out + " " + act.name().toLowerCase(); }

            public void step(float[] x, float[] y) {
                for (int o = 0; o < out; o++) {
                    double sum = bias[o];
                    int row = o * in;
                    for (int i = 0; i < in; i++) {
                        sum += (double) weightOutIn[row + i] * x[i];
                    }
                    y[o] = (float) sum;
                }
                act.apply(y, out, out);
            }
        };
    }

    /** Causal conv1d through conv-core's StreamingConv1d, one frame per call. */
    static RtNeuralModel.FrameLayer conv1d(int cin, int cout, int k, int dilation, int groups, float[] weight,
                                           float[] bias, Act act, Kernels kernels) {
        Conv1dSpec spec = Conv1dSpec.builder(cin, cout, k).dilation(dilation).groups(groups)
                .padding(Padding.causal(k, dilation)).build();
        StreamingConv1d conv = new StreamingConv1d(spec, weight, bias, kernels);
        conv.prepare(1);
        return new RtNeuralModel.FrameLayer() {
            public int inputSize() { return cin; }
            public int outputSize() { return cout; }
            public void reset() { conv.reset(); }
            public int history() { return dilation * (k - 1); }
            public String describe() {
                return "conv1d " + cin + "->" + cout + " k=" + k + " d=" + dilation + " g=" + groups + " " + act.name().toLowerCase();
            }

            public void step(float[] x, float[] y) {
                conv.process(x, 0, 1, y, 0, 1, 1); // one frame: channel stride 1
                act.apply(y, cout, cout);
            }
        };
    }

    /**
     * Causal-in-time conv2d through conv-core's {@link StreamingConv2d} (H = time, W = feature);
     * frames arrive and leave channels-last {@code [F][C]} and are transposed around it.
     */
    static RtNeuralModel.FrameLayer conv2d(Conv2dSpec spec, int features, float[] weight, float[] bias, Act act,
                                           Kernels kernels) {
        StreamingConv2d conv = new StreamingConv2d(spec, weight, bias, kernels);
        conv.prepare(features);
        int cin = spec.inChannels();
        int cout = spec.outChannels();
        int outF = conv.outputBins();
        float[] planarIn = new float[cin * features];
        float[] planarOut = new float[cout * outF];
        return new RtNeuralModel.FrameLayer() {
            public int inputSize() { return cin * features; }
            public int outputSize() { return cout * outF; }
            public void reset() { conv.reset(); }
            public int history() { return spec.dilationH() * (spec.kernelH() - 1); }
            public String describe() {
                return "conv2d " + cin + "->" + cout + " kt=" + spec.kernelH() + " kf=" + spec.kernelW() + " d="
                        + spec.dilationH() + " s=" + spec.strideW() + " F=" + features + "->" + outF + " "
                        + act.name().toLowerCase();
            }

            public void step(float[] x, float[] y) {
                for (int f = 0; f < features; f++) {
                    for (int c = 0; c < cin; c++) {
                        planarIn[c * features + f] = x[f * cin + c];
                    }
                }
                conv.process(planarIn, 0, planarOut, 0); // causal, time stride 1: always emits
                for (int c = 0; c < cout; c++) {
                    for (int f = 0; f < outF; f++) {
                        y[f * cout + c] = planarOut[c * outF + f];
                    }
                }
                act.apply(y, cout * outF, cout);
            }
        };
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
    static RtNeuralModel.FrameLayer affine(String kind, int size, int channels, float[] scale, float[] shift, Act act) {
        return new RtNeuralModel.FrameLayer() {
            public int inputSize() { return size; }
            public int outputSize() { return size; }
            public void reset() { }
            public String describe() { return kind + " " + channels + " channels " + act.name().toLowerCase(); }

            public void step(float[] x, float[] y) {
                for (int i = 0; i < size; i++) {
                    int c = i % channels;
                    y[i] = x[i] * scale[c] + shift[c];
                }
                act.apply(y, size, channels);
            }
        };
    }

    /** {@code max(0,x) + alpha min(0,x)}, alpha per channel of the last axis (or shared). */
    static RtNeuralModel.FrameLayer prelu(int size, int channels, float[] alpha, Act act) {
        return new RtNeuralModel.FrameLayer() {
            public int inputSize() { return size; }
            public int outputSize() { return size; }
            public void reset() { }
            public String describe() { return "prelu " + alpha.length + (alpha.length == 1 ? " shared" : " channels"); }

            public void step(float[] x, float[] y) {
                for (int i = 0; i < size; i++) {
                    float a = alpha[i % alpha.length];
                    y[i] = x[i] > 0 ? x[i] : a * x[i];
                }
                act.apply(y, size, channels);
            }
        };
    }

    static RtNeuralModel.FrameLayer activation(int size, int channels, Act act) {
        return new RtNeuralModel.FrameLayer() {
            public int inputSize() { return size; }
            public int outputSize() { return size; }
            public void reset() { }
            public String describe() { return "activation " + act.name().toLowerCase(); }

            public void step(float[] x, float[] y) {
                System.arraycopy(x, 0, y, 0, size);
                act.apply(y, size, channels);
            }
        };
    }
}
