package dev.convstream.train;

import dev.convstream.model.GatingMode;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.LayerConfig;
import dev.convstream.model.WaveNetConfig;

/**
 * NAM's A1 WaveNet in double precision, written loop by loop from the description in
 * {@code shared/nam/README.md} (weights read in its order: per array rechannel W; per layer conv
 * W, conv b, mixin W, 1x1 W, 1x1 b; head W, head b if any; then the head scale), over a whole
 * input with "valid" convolutions: {@code L - rf + 1} outputs. The independent reference of the
 * trainable model's tests.
 */
final class ReferenceA1 {
    private ReferenceA1() {
    }

    static double[] forward(WaveNetConfig config, double[] p, double[] x) {
        int at = 0;
        int length = x.length;
        double[][] in = {x.clone()};
        double[][] prevHead = null;
        int t = length;
        for (LayerArrayConfig a : config.layerArrays()) {
            int c = a.channels();
            double[][] h = new double[c][t];
            for (int o = 0; o < c; o++) {
                for (int i = 0; i < a.inputSize(); i++) {
                    double w = p[at + o * a.inputSize() + i];
                    for (int j = 0; j < t; j++) {
                        h[o][j] += w * in[i][j];
                    }
                }
            }
            at += c * a.inputSize();
            int history = 0;
            for (LayerConfig l : a.layers()) {
                history += l.history();
            }
            int end = t - history;
            double[][] headSum = new double[c][end];
            if (prevHead != null) {
                for (int r = 0; r < c; r++) {
                    for (int j = 0; j < end; j++) {
                        headSum[r][j] = prevHead[r][j + t - end];
                    }
                }
            }
            int cur = t;
            for (LayerConfig l : a.layers()) {
                boolean gated = l.gating() == GatingMode.GATED;
                int rows = gated ? 2 * c : c;
                int k = l.kernelSize();
                int n = cur - l.history();
                double[][] z = new double[rows][n];
                int convW = at;
                int convB = convW + rows * c * k;
                int mixW = convB + rows;
                int oneW = mixW + rows;
                int oneB = oneW + c * c;
                at = oneB + c;
                for (int o = 0; o < rows; o++) {
                    for (int j = 0; j < n; j++) {
                        double s = p[convB + o];
                        for (int i = 0; i < c; i++) {
                            for (int tap = 0; tap < k; tap++) {
                                s += p[convW + (o * c + i) * k + tap] * h[i][j + tap * l.dilation()];
                            }
                        }
                        s += p[mixW + o] * x[length - n + j];
                        z[o][j] = s;
                    }
                }
                double[][] act = new double[c][n];
                for (int o = 0; o < c; o++) {
                    for (int j = 0; j < n; j++) {
                        double v = Math.tanh(z[o][j]);
                        act[o][j] = gated ? v / (1 + Math.exp(-z[c + o][j])) : v;
                    }
                }
                double[][] next = new double[c][n];
                for (int o = 0; o < c; o++) {
                    for (int j = 0; j < n; j++) {
                        double s = h[o][j + l.history()] + p[oneB + o];
                        for (int i = 0; i < c; i++) {
                            s += p[oneW + o * c + i] * act[i][j];
                        }
                        next[o][j] = s;
                    }
                    for (int j = 0; j < end; j++) {
                        headSum[o][j] += act[o][j + n - end];
                    }
                }
                h = next;
                cur = n;
            }
            int hs = a.headSize();
            double[][] head = new double[hs][end];
            for (int o = 0; o < hs; o++) {
                for (int j = 0; j < end; j++) {
                    double s = a.headBias() ? p[at + hs * c + o] : 0;
                    for (int i = 0; i < c; i++) {
                        s += p[at + o * c + i] * headSum[i][j];
                    }
                    head[o][j] = s;
                }
            }
            at += hs * c + (a.headBias() ? hs : 0);
            in = h;
            prevHead = head;
            t = end;
        }
        double scale = p[at];
        if (at + 1 != p.length) {
            throw new IllegalStateException("read " + (at + 1) + " weights of " + p.length);
        }
        double[] y = new double[t];
        for (int j = 0; j < t; j++) {
            y[j] = scale * prevHead[0][j];
        }
        return y;
    }
}
