package dev.convstream.stream;

/**
 * Test-scope direct convolutions, written from PyTorch's definition and nothing else in
 * convstream: the offline references the streaming layers are checked against.
 *
 * <p>The 1D sum runs over input channels, then taps, from 0, adding every tap (a padding zero
 * contributes {@code w*0}) and the bias last: the order the im2col GEMM uses, so with the scalar
 * GEMM the two agree bit for bit.
 */
final class NaiveConv {
    private NaiveConv() {
    }

    /** x {@code [cin][len]}, zero padding; returns {@code [cout][outLen]}. */
    static float[][] conv1d(float[][] x, float[] w, float[] b, int cout, int k, int stride, int before, int after,
                            int dilation, int groups) {
        int cin = x.length;
        int len = x[0].length;
        int outLen = (len + before + after - dilation * (k - 1) - 1) / stride + 1;
        int cinG = cin / groups;
        int coutG = cout / groups;
        float[][] y = new float[cout][outLen];
        for (int o = 0; o < cout; o++) {
            int g = o / coutG;
            for (int j = 0; j < outLen; j++) {
                float acc = 0f;
                for (int ci = 0; ci < cinG; ci++) {
                    for (int kk = 0; kk < k; kk++) {
                        int t = j * stride - before + kk * dilation;
                        float v = t >= 0 && t < len ? x[g * cinG + ci][t] : 0f;
                        acc += w[(o * cinG + ci) * k + kk] * v;
                    }
                }
                y[o][j] = b == null ? acc : acc + b[o];
            }
        }
        return y;
    }

    /** Padding-mode index map of PyTorch's F.pad, or -1 for a zero. */
    static int source(String mode, int i, int size) {
        if (i >= 0 && i < size) {
            return i;
        }
        switch (mode) {
            case "zeros":
                return -1;
            case "replicate":
                return i < 0 ? 0 : size - 1;
            case "circular":
                return ((i % size) + size) % size;
            case "reflect":
                while (i < 0 || i >= size) {
                    i = i < 0 ? -i : 2 * (size - 1) - i;
                }
                return i;
            default:
                throw new IllegalArgumentException(mode);
        }
    }

    /**
     * x {@code [cin][T][F]}: zero padding in time (axis T), {@code freqMode} padding in
     * frequency; returns {@code [cout][T'][F']}.
     */
    static float[][][] conv2d(float[][][] x, float[] w, float[] b, int cout, int kt, int kf, int st, int sf,
                              int tBefore, int tAfter, int fBefore, int fAfter, int dt, int df, int groups,
                              String freqMode) {
        int cin = x.length;
        int tLen = x[0].length;
        int fLen = x[0][0].length;
        int tOut = (tLen + tBefore + tAfter - dt * (kt - 1) - 1) / st + 1;
        int fOut = (fLen + fBefore + fAfter - df * (kf - 1) - 1) / sf + 1;
        int cinG = cin / groups;
        int coutG = cout / groups;
        float[][][] y = new float[cout][tOut][fOut];
        for (int o = 0; o < cout; o++) {
            int g = o / coutG;
            for (int to = 0; to < tOut; to++) {
                for (int fo = 0; fo < fOut; fo++) {
                    float acc = 0f;
                    for (int ci = 0; ci < cinG; ci++) {
                        for (int a = 0; a < kt; a++) {
                            int t = to * st - tBefore + a * dt;
                            for (int c = 0; c < kf; c++) {
                                int f = source(freqMode, fo * sf - fBefore + c * df, fLen);
                                float v = t >= 0 && t < tLen && f >= 0 ? x[g * cinG + ci][t][f] : 0f;
                                acc += w[((o * cinG + ci) * kt + a) * kf + c] * v;
                            }
                        }
                    }
                    y[o][to][fo] = b == null ? acc : acc + b[o];
                }
            }
        }
        return y;
    }
}
