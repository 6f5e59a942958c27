package dev.convstream.model;

import dev.convstream.model.nam.NamActivations;

import java.util.List;

/**
 * The WaveNet equations of shared/nam/README.md, in double precision, one sample at a time with
 * zero history: the independent reference for {@link WaveNet}. It reads the flat weight list in
 * the README's order itself and shares no code with the model beyond the config record.
 * Callers prepend silence to get NAM's pre-warm.
 */
final class NaiveWaveNet {
    private NaiveWaveNet() {
    }

    static double[] run(List<LayerArrayConfig> arrays, float[] weights, double[] x) {
        int len = x.length;
        int[] pos = {0};
        double[][] input = {x};       // [channels][len]
        double[][] prevHead = null;
        double[][][] params = null;
        for (LayerArrayConfig a : arrays) {
            int ch = a.channels();
            int g = a.gated() ? 2 : 1;
            int k = a.kernelSize();
            double[][] rech = matrix(weights, pos, ch, a.inputSize());
            double[][] h = pointwise(rech, null, input);
            double[][] head = prevHead == null ? new double[ch][len] : copy(prevHead);
            for (int d : a.dilations()) {
                double[] convW = vector(weights, pos, g * ch * ch * k);
                double[] convB = vector(weights, pos, g * ch);
                double[][] mix = matrix(weights, pos, g * ch, a.conditionSize());
                double[][] w1 = matrix(weights, pos, ch, ch);
                double[] b1 = vector(weights, pos, ch);
                double[][] z = new double[g * ch][len];
                for (int o = 0; o < g * ch; o++) {
                    for (int t = 0; t < len; t++) {
                        double acc = convB[o] + mix[o][0] * x[t];
                        for (int i = 0; i < ch; i++) {
                            for (int kk = 0; kk < k; kk++) {
                                int src = t - d * (k - 1 - kk);
                                if (src >= 0) {
                                    acc += convW[(o * ch + i) * k + kk] * h[i][src];
                                }
                            }
                        }
                        z[o][t] = acc;
                    }
                }
                double[][] act = new double[ch][len];
                for (int c = 0; c < ch; c++) {
                    for (int t = 0; t < len; t++) {
                        double v = activation(NamActivations.nameOf(a.activation()), z[c][t]);
                        if (a.gated()) {
                            v *= 1 / (1 + Math.exp(-z[ch + c][t]));
                        }
                        act[c][t] = v;
                        head[c][t] += v;
                    }
                }
                double[][] res = pointwise(w1, b1, act);
                for (int c = 0; c < ch; c++) {
                    for (int t = 0; t < len; t++) {
                        h[c][t] += res[c][t];
                    }
                }
            }
            double[][] hr = matrix(weights, pos, a.headSize(), ch);
            double[] hb = a.headBias() ? vector(weights, pos, a.headSize()) : null;
            prevHead = pointwise(hr, hb, head);
            input = h;
        }
        double scale = weights[pos[0]++];
        if (pos[0] != weights.length) {
            throw new AssertionError("reference read " + pos[0] + " of " + weights.length + " weights");
        }
        double[] y = new double[len];
        for (int t = 0; t < len; t++) {
            y[t] = scale * prevHead[0][t];
        }
        return y;
    }

    static double activation(String name, double v) {
        switch (name) {
            case "Tanh":
                return Math.tanh(v);
            case "Fasttanh": { // NAM core's fast_tanh, here in double
                double a = Math.abs(v);
                double v2 = v * v;
                return v * (2.45550750702956 + 2.45550750702956 * a + (0.893229853513558 + 0.821226666969744 * a) * v2)
                        / (2.44506634652299 + (2.44506634652299 + v2) * Math.abs(v + 0.814642734961073 * v * a));
            }
            case "Sigmoid":
                return 1 / (1 + Math.exp(-v));
            case "ReLU":
                return Math.max(0, v);
            case "Hardtanh":
                return Math.max(-1, Math.min(1, v));
            case "LeakyReLU":
                return v > 0 ? v : 0.01 * v;
            default:
                throw new IllegalArgumentException("reference has no activation " + name);
        }
    }

    private static double[][] pointwise(double[][] w, double[] b, double[][] x) {
        int len = x[0].length;
        double[][] y = new double[w.length][len];
        for (int o = 0; o < w.length; o++) {
            for (int t = 0; t < len; t++) {
                double acc = b == null ? 0 : b[o];
                for (int i = 0; i < x.length; i++) {
                    acc += w[o][i] * x[i][t];
                }
                y[o][t] = acc;
            }
        }
        return y;
    }

    private static double[] vector(float[] w, int[] pos, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = w[pos[0]++];
        }
        return v;
    }

    private static double[][] matrix(float[] w, int[] pos, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = w[pos[0]++];
            }
        }
        return m;
    }

    private static double[][] copy(double[][] a) {
        double[][] b = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i].clone();
        }
        return b;
    }
}
