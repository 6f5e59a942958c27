package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;

import java.util.List;

/**
 * The WaveNet equations of docs/nam-modern.md (from shared/nam/README.md and
 * MODERN.md), in double precision, whole signals at a time with zero history: the independent
 * reference for {@link WaveNet}. It reads the flat weight list in the documented order itself,
 * computes every conv as the written-out sum (groups as index ranges), every activation from its
 * formula, and shares no code with the model beyond the config records. Callers prepend silence
 * to get NAM's pre-warm.
 */
final class NaiveWaveNet {
    private NaiveWaveNet() {
    }

    /** The model's output for mono {@code x} (A1 callers: the config's arrays, head scale from the weights). */
    static double[] run(List<LayerArrayConfig> arrays, float[] weights, double[] x) {
        return run(new WaveNetConfig(arrays, 0f), weights, new double[][] {x})[0];
    }

    /** The model's outputs {@code [outChannels][len]} for input {@code x [inChannels][len]}. */
    static double[][] run(WaveNetConfig config, float[] weights, double[][] x) {
        double[][] cond = config.conditionDsp() == null ? x
                : run(config.conditionDsp().config(), config.conditionDsp().weights(), x);
        return run(config, weights, x, cond);
    }

    /** As {@link #run(WaveNetConfig, float[], double[][])} with the condition {@code cond [Dc][len]} given. */
    static double[][] run(WaveNetConfig config, float[] weights, double[][] x, double[][] cond) {
        int[] pos = {0};
        double[][] input = x;
        double[][] prevHead = null;
        for (LayerArrayConfig a : config.layerArrays()) {
            int ch = a.channels();
            int b = a.bottleneck();
            double[][] h = conv(weights, pos, input, ch, 1, 1, 1, false);
            double[][] headSum = prevHead == null ? new double[a.headInputs()][x[0].length] : copy(prevHead);
            for (LayerConfig l : a.layers()) {
                GatingMode mode = l.gating();
                int gb = mode.factor() * b;
                // weights of the layer, in file order
                int convPos = pos[0];
                pos[0] += gb * (ch / a.groupsInput()) * l.kernelSize() + gb;
                int mixinPos = pos[0];
                pos[0] += gb * (a.conditionSize() / a.groupsInputMixin());
                int layer1x1Pos = pos[0];
                if (a.layer1x1() != null) {
                    pos[0] += ch * (b / a.layer1x1().groups()) + ch;
                }
                int head1x1Pos = pos[0];
                if (a.head1x1() != null) {
                    pos[0] += a.head1x1().outChannels() * (b / a.head1x1().groups()) + a.head1x1().outChannels();
                }
                int[] filmPos = new int[FilmSite.values().length];
                for (FilmSite s : FilmSite.values()) {
                    FilmConfig f = a.films().get(s);
                    if (f != null) {
                        filmPos[s.ordinal()] = pos[0];
                        int out = f.outputs(s.rows(a, mode));
                        pos[0] += out * (a.conditionSize() / f.groups()) + out;
                    }
                }
                double[][] hIn = film(a, s(FilmSite.CONV_PRE), mode, weights, filmPos, cond, h);
                double[][] u = conv(weights, new int[] {convPos}, hIn, gb, l.kernelSize(), l.dilation(),
                        a.groupsInput(), true);
                u = film(a, s(FilmSite.CONV_POST), mode, weights, filmPos, cond, u);
                double[][] c = film(a, s(FilmSite.INPUT_MIXIN_PRE), mode, weights, filmPos, cond, cond);
                double[][] m = conv(weights, new int[] {mixinPos}, c, gb, 1, 1, a.groupsInputMixin(), false);
                m = film(a, s(FilmSite.INPUT_MIXIN_POST), mode, weights, filmPos, cond, m);
                double[][] z = film(a, s(FilmSite.ACTIVATION_PRE), mode, weights, filmPos, cond, add(u, m));
                double[][] act = new double[b][z[0].length];
                for (int r = 0; r < b; r++) {
                    for (int t = 0; t < act[r].length; t++) {
                        double primary = activation(l.activation(), z[r][t], r);
                        if (mode == GatingMode.NONE) {
                            act[r][t] = primary;
                        } else {
                            double gate = activation(l.secondary(), z[b + r][t], r);
                            act[r][t] = mode == GatingMode.GATED ? primary * gate
                                    : gate * primary + (1 - gate) * z[r][t];
                        }
                    }
                }
                act = film(a, s(FilmSite.ACTIVATION_POST), mode, weights, filmPos, cond, act);
                if (a.layer1x1() != null) {
                    double[][] r = conv(weights, new int[] {layer1x1Pos}, act, ch, 1, 1, a.layer1x1().groups(), true);
                    if (mode == GatingMode.BLENDED) { // NAM core's quirk: only blended layers apply it
                        r = film(a, s(FilmSite.LAYER1X1_POST), mode, weights, filmPos, cond, r);
                    }
                    h = add(h, r);
                }
                double[][] skip = act;
                if (a.head1x1() != null) {
                    skip = conv(weights, new int[] {head1x1Pos}, act, a.head1x1().outChannels(), 1, 1,
                            a.head1x1().groups(), true);
                    skip = film(a, s(FilmSite.HEAD1X1_POST), mode, weights, filmPos, cond, skip);
                }
                headSum = add(headSum, skip);
            }
            LayerArrayConfig.ArrayHead head = a.head();
            prevHead = conv(weights, pos, headSum, head.outChannels(), head.kernelSize(), head.dilation(), 1,
                    head.bias());
            input = h;
        }
        double[][] y = prevHead;
        int postPos = pos[0];
        if (config.head() != null) {
            pos[0] += config.head().weightCount(y.length);
        }
        double scale = weights[pos[0]++];
        if (pos[0] != weights.length) {
            throw new AssertionError("reference read " + pos[0] + " of " + weights.length + " weights");
        }
        for (double[] row : y) {
            for (int t = 0; t < row.length; t++) {
                row[t] *= scale;
            }
        }
        if (config.head() != null) {
            int[] p = {postPos};
            PostStackHead head = config.head();
            for (int i = 0; i < head.kernelSizes().size(); i++) {
                double[][] act = new double[y.length][];
                for (int r = 0; r < y.length; r++) {
                    act[r] = new double[y[r].length];
                    for (int t = 0; t < act[r].length; t++) {
                        act[r][t] = activation(head.activation(), y[r][t], r);
                    }
                }
                y = conv(weights, p, act, head.convOutputs(i), head.kernelSizes().get(i), 1, 1, true);
            }
        }
        return y;
    }

    private static int s(FilmSite site) {
        return site.ordinal();
    }

    /** {@code v * scale(c) (+ shift(c))} when the FiLM at {@code site} is on, else {@code v}. */
    private static double[][] film(LayerArrayConfig a, int site, GatingMode mode, float[] weights, int[] filmPos,
                                   double[][] cond, double[][] v) {
        FilmSite s = FilmSite.values()[site];
        FilmConfig f = a.films().get(s);
        if (f == null) {
            return v;
        }
        int rows = s.rows(a, mode);
        double[][] p = conv(weights, new int[] {filmPos[site]}, cond, f.outputs(rows), 1, 1, f.groups(), true);
        double[][] out = new double[rows][v[0].length];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < out[r].length; t++) {
                out[r][t] = v[r][t] * p[r][t] + (f.shift() ? p[rows + r][t] : 0);
            }
        }
        return out;
    }

    /**
     * {@code y[o][t] = b[o] + sum_{i in o's group, k} W[o][i - g*cin/G][k] x[i][t - d (K-1-k)]},
     * zero before t = 0; reads {@code W[out][in/groups][K]} then {@code b[out]} at {@code pos}.
     */
    private static double[][] conv(float[] w, int[] pos, double[][] x, int out, int k, int d, int groups,
                                   boolean bias) {
        int in = x.length;
        int len = x[0].length;
        int gi = in / groups;
        int go = out / groups;
        int wAt = pos[0];
        pos[0] += out * gi * k;
        int bAt = pos[0];
        if (bias) {
            pos[0] += out;
        }
        double[][] y = new double[out][len];
        for (int o = 0; o < out; o++) {
            int g = o / go;
            for (int t = 0; t < len; t++) {
                double acc = bias ? w[bAt + o] : 0;
                for (int i = 0; i < gi; i++) {
                    for (int kk = 0; kk < k; kk++) {
                        int src = t - d * (k - 1 - kk);
                        if (src >= 0) {
                            acc += w[wAt + (o * gi + i) * k + kk] * x[g * gi + i][src];
                        }
                    }
                }
                y[o][t] = acc;
            }
        }
        return y;
    }

    /** The activation's formula in double; {@code channel} picks a per-channel PReLU slope. */
    static double activation(ActivationFunction f, double v, int channel) {
        if (f instanceof ActivationFunction.Tanh) {
            return Math.tanh(v);
        } else if (f instanceof ActivationFunction.FastTanh) { // NAM core's fast_tanh, here in double
            double a = Math.abs(v);
            double v2 = v * v;
            return v * (2.45550750702956 + 2.45550750702956 * a + (0.893229853513558 + 0.821226666969744 * a) * v2)
                    / (2.44506634652299 + (2.44506634652299 + v2) * Math.abs(v + 0.814642734961073 * v * a));
        } else if (f instanceof ActivationFunction.Sigmoid) {
            return 1 / (1 + Math.exp(-v));
        } else if (f instanceof ActivationFunction.ReLU) {
            return Math.max(0, v);
        } else if (f instanceof ActivationFunction.Hardtanh h) {
            return Math.max(h.min(), Math.min(h.max(), v));
        } else if (f instanceof ActivationFunction.LeakyReLU l) {
            return v > 0 ? v : l.negativeSlope() * v;
        } else if (f instanceof ActivationFunction.PReLU p) {
            float[] s = p.slopes();
            return v > 0 ? v : s[s.length == 1 ? 0 : channel] * v;
        } else if (f instanceof ActivationFunction.LeakyHardtanh l) {
            return v < l.min() ? (v - l.min()) * l.minSlope() + l.min()
                    : v > l.max() ? (v - l.max()) * l.maxSlope() + l.max() : v;
        } else if (f instanceof ActivationFunction.SiLU) {
            return v / (1 + Math.exp(-v));
        } else if (f instanceof ActivationFunction.Hardswish) {
            return v * Math.max(0, Math.min(6, v + 3)) / 6;
        } else if (f instanceof ActivationFunction.Softsign) {
            return v / (1 + Math.abs(v));
        }
        throw new IllegalArgumentException("reference has no activation " + f.describe());
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] y = new double[a.length][];
        for (int r = 0; r < a.length; r++) {
            y[r] = new double[a[r].length];
            for (int t = 0; t < y[r].length; t++) {
                y[r][t] = a[r][t] + b[r][t];
            }
        }
        return y;
    }

    private static double[][] copy(double[][] a) {
        double[][] b = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i].clone();
        }
        return b;
    }
}
