package dev.convstream.testing;

import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.ConvTranspose1dSpec;
import dev.convstream.spec.ConvTranspose2dSpec;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;

/**
 * Reference convolutions written straight from PyTorch's definitions, as direct nested loops in
 * double precision: the oracle the layers are tested against. Deliberately independent of the
 * code under test: its own output-size arithmetic, its own padding rule ({@link #padIndex}, from
 * {@code F.pad}'s documentation rather than {@link PaddingMode#sourceIndex}), gather-form
 * transposed convolution (the layers scatter), no im2col, no GEMM. The spec overloads only read
 * the records' fields. Slow on purpose; use on small tensors.
 *
 * <p>Convolutions sum in double by default ({@link Precision#DOUBLE}), the oracle for comparisons
 * with a stated tolerance. {@link Precision#FLOAT32} instead rounds every product and partial sum
 * to float, over input channels, then taps, with the bias added last: the order the scalar im2col
 * GEMM uses, so a layer on the scalar family must reproduce it bit for bit.
 */
public final class NaiveConv {
    private NaiveConv() {
    }

    /** How the terms of each output are added. */
    public enum Precision {
        /** Double accumulation, bias first. */
        DOUBLE,
        /** Float32 products and sums in the scalar GEMM's order, bias last. */
        FLOAT32;

        double add(double acc, double w, double x) {
            return this == DOUBLE ? acc + w * x : (float) (acc + (float) (w * x));
        }

        double start(Tensor b, int oc) {
            return this == DOUBLE && b != null ? b.get(oc) : 0;
        }

        double finish(double acc, Tensor b, int oc) {
            return this == FLOAT32 && b != null ? (float) (acc + b.get(oc)) : acc;
        }
    }

    /** A reference output: row-major values and their shape. */
    public record Result(int[] shape, double[] values) {
        public Tensor toTensor() {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return Tensor.wrap(f, shape);
        }
    }

    /**
     * Index read by padded coordinate {@code i} of an axis of {@code n} values, or -1 for a zero.
     * F.pad semantics, each valid only within PyTorch's limits (reflect: pad < n; circular:
     * pad <= n): reflect mirrors about the edge sample without repeating it, replicate clamps,
     * circular adds or subtracts one period.
     */
    public static int padIndex(int i, int n, PaddingMode mode) {
        if (i >= 0 && i < n) {
            return i;
        }
        switch (mode) {
            case ZEROS:
                return -1;
            case REFLECT:
                return i < 0 ? -i : 2 * (n - 1) - i;
            case REPLICATE:
                return i < 0 ? 0 : n - 1;
            case CIRCULAR:
                return i < 0 ? i + n : i - n;
            default:
                throw new AssertionError(mode);
        }
    }

    // ------------------------------------------------------------------- fir

    /**
     * Causal FIR filtering in double: {@code y[n] = sum_k h[k] x[n-k]}, the first {@code x.length}
     * outputs. The taps are in time order, as an impulse response is stored (a conv1d weight is
     * the same filter reversed).
     */
    public static double[] fir(float[] h, float[] x) {
        double[] y = new double[x.length];
        for (int n = 0; n < x.length; n++) {
            double s = 0;
            for (int k = 0; k < h.length && k <= n; k++) {
                s += (double) h[k] * x[n - k];
            }
            y[n] = s;
        }
        return y;
    }

    // ---------------------------------------------------------------- conv1d

    public static Result conv1d(Conv1dSpec s, Tensor x, Tensor w, Tensor b) {
        return conv1d(s, x, w, b, Precision.DOUBLE);
    }

    public static Result conv1d(Conv1dSpec s, Tensor x, Tensor w, Tensor b, Precision precision) {
        return conv1d(x, w, b, s.stride(), s.padding().before(), s.padding().after(), s.dilation(),
                s.groups(), s.paddingMode(), precision);
    }

    /** {@code F.conv1d(F.pad(x, (before, after), mode), w, b, stride, 0, dilation, groups)}. */
    public static Result conv1d(Tensor x, Tensor w, Tensor b, int stride, int before, int after,
                                int dilation, int groups, PaddingMode mode) {
        return conv1d(x, w, b, stride, before, after, dilation, groups, mode, Precision.DOUBLE);
    }

    private static Result conv1d(Tensor x, Tensor w, Tensor b, int stride, int before, int after,
                                 int dilation, int groups, PaddingMode mode, Precision precision) {
        int batch = x.dim(0);
        int cin = x.dim(1);
        int len = x.dim(2);
        int cout = w.dim(0);
        int cinG = w.dim(1);
        int k = w.dim(2);
        int coutG = cout / groups;
        int outLen = (len + before + after - dilation * (k - 1) - 1) / stride + 1;
        double[] y = new double[batch * cout * outLen];
        for (int n = 0; n < batch; n++) {
            for (int oc = 0; oc < cout; oc++) {
                int g = oc / coutG;
                for (int t = 0; t < outLen; t++) {
                    double acc = precision.start(b, oc);
                    for (int ci = 0; ci < cinG; ci++) {
                        int c = g * cinG + ci;
                        for (int j = 0; j < k; j++) {
                            int src = padIndex(t * stride + j * dilation - before, len, mode);
                            if (src >= 0) {
                                acc = precision.add(acc, w.get(oc, ci, j), x.get(n, c, src));
                            }
                        }
                    }
                    y[(n * cout + oc) * outLen + t] = precision.finish(acc, b, oc);
                }
            }
        }
        return new Result(new int[] {batch, cout, outLen}, y);
    }

    // ---------------------------------------------------------------- conv2d

    public static Result conv2d(Conv2dSpec s, Tensor x, Tensor w, Tensor b) {
        return conv2d(s, x, w, b, Precision.DOUBLE);
    }

    public static Result conv2d(Conv2dSpec s, Tensor x, Tensor w, Tensor b, Precision precision) {
        return conv2d(x, w, b, s.strideH(), s.strideW(), s.paddingH().before(), s.paddingH().after(),
                s.paddingW().before(), s.paddingW().after(), s.dilationH(), s.dilationW(), s.groups(),
                s.paddingMode(), precision);
    }

    /** {@code F.conv2d(F.pad(x, (left, right, top, bottom), mode), w, b, stride, 0, dilation, groups)}. */
    public static Result conv2d(Tensor x, Tensor w, Tensor b, int sh, int sw, int top, int bottom,
                                int left, int right, int dh, int dw, int groups, PaddingMode mode) {
        return conv2d(x, w, b, sh, sw, top, bottom, left, right, dh, dw, groups, mode, Precision.DOUBLE);
    }

    private static Result conv2d(Tensor x, Tensor w, Tensor b, int sh, int sw, int top, int bottom, int left,
                                 int right, int dh, int dw, int groups, PaddingMode mode, Precision precision) {
        int batch = x.dim(0);
        int h = x.dim(2);
        int wd = x.dim(3);
        int cout = w.dim(0);
        int cinG = w.dim(1);
        int kh = w.dim(2);
        int kw = w.dim(3);
        int coutG = cout / groups;
        int oh = (h + top + bottom - dh * (kh - 1) - 1) / sh + 1;
        int ow = (wd + left + right - dw * (kw - 1) - 1) / sw + 1;
        double[] y = new double[batch * cout * oh * ow];
        for (int n = 0; n < batch; n++) {
            for (int oc = 0; oc < cout; oc++) {
                int g = oc / coutG;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double acc = precision.start(b, oc);
                        for (int ci = 0; ci < cinG; ci++) {
                            int c = g * cinG + ci;
                            for (int ky = 0; ky < kh; ky++) {
                                int sy = padIndex(oy * sh + ky * dh - top, h, mode);
                                if (sy < 0) {
                                    continue;
                                }
                                for (int kx = 0; kx < kw; kx++) {
                                    int sx = padIndex(ox * sw + kx * dw - left, wd, mode);
                                    if (sx >= 0) {
                                        acc = precision.add(acc, w.get(oc, ci, ky, kx), x.get(n, c, sy, sx));
                                    }
                                }
                            }
                        }
                        y[((n * cout + oc) * oh + oy) * ow + ox] = precision.finish(acc, b, oc);
                    }
                }
            }
        }
        return new Result(new int[] {batch, cout, oh, ow}, y);
    }

    // ------------------------------------------------------- conv_transpose1d

    public static Result convTranspose1d(ConvTranspose1dSpec s, Tensor x, Tensor w, Tensor b) {
        return convTranspose1d(x, w, b, s.stride(), s.padding().before(), s.padding().after(),
                s.outputPadding(), s.dilation(), s.groups());
    }

    /**
     * {@code F.conv_transpose1d} with padding {@code before}/{@code after} cropped from the two
     * ends. Gather form: output {@code o} sums {@code x[i] * w[.][.][j]} over all {@code (i, j)}
     * with {@code i*stride + j*dilation == o + before}.
     */
    public static Result convTranspose1d(Tensor x, Tensor w, Tensor b, int stride, int before, int after,
                                         int outputPadding, int dilation, int groups) {
        int batch = x.dim(0);
        int cin = x.dim(1);
        int len = x.dim(2);
        int coutG = w.dim(1);
        int k = w.dim(2);
        int cout = coutG * groups;
        int cinG = cin / groups;
        int outLen = (len - 1) * stride - before - after + dilation * (k - 1) + outputPadding + 1;
        double[] y = new double[batch * cout * outLen];
        for (int n = 0; n < batch; n++) {
            for (int oc = 0; oc < cout; oc++) {
                int g = oc / coutG;
                int co = oc % coutG;
                for (int o = 0; o < outLen; o++) {
                    double acc = b == null ? 0 : b.get(oc);
                    for (int ci = 0; ci < cinG; ci++) {
                        int c = g * cinG + ci;
                        for (int j = 0; j < k; j++) {
                            int f = o + before - j * dilation;
                            if (f >= 0 && f % stride == 0 && f / stride < len) {
                                acc += (double) x.get(n, c, f / stride) * w.get(c, co, j);
                            }
                        }
                    }
                    y[(n * cout + oc) * outLen + o] = acc;
                }
            }
        }
        return new Result(new int[] {batch, cout, outLen}, y);
    }

    // ------------------------------------------------------- conv_transpose2d

    public static Result convTranspose2d(ConvTranspose2dSpec s, Tensor x, Tensor w, Tensor b) {
        return convTranspose2d(x, w, b, s.strideH(), s.strideW(), s.paddingH().before(), s.paddingH().after(),
                s.paddingW().before(), s.paddingW().after(), s.outputPaddingH(), s.outputPaddingW(),
                s.dilationH(), s.dilationW(), s.groups());
    }

    /** {@code F.conv_transpose2d}, gather form as in {@link #convTranspose1d}, per axis. */
    public static Result convTranspose2d(Tensor x, Tensor w, Tensor b, int sh, int sw, int top, int bottom,
                                         int left, int right, int oph, int opw, int dh, int dw, int groups) {
        int batch = x.dim(0);
        int cin = x.dim(1);
        int h = x.dim(2);
        int wd = x.dim(3);
        int coutG = w.dim(1);
        int kh = w.dim(2);
        int kw = w.dim(3);
        int cout = coutG * groups;
        int cinG = cin / groups;
        int oh = (h - 1) * sh - top - bottom + dh * (kh - 1) + oph + 1;
        int ow = (wd - 1) * sw - left - right + dw * (kw - 1) + opw + 1;
        double[] y = new double[batch * cout * oh * ow];
        for (int n = 0; n < batch; n++) {
            for (int oc = 0; oc < cout; oc++) {
                int g = oc / coutG;
                int co = oc % coutG;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double acc = b == null ? 0 : b.get(oc);
                        for (int ci = 0; ci < cinG; ci++) {
                            int c = g * cinG + ci;
                            for (int ky = 0; ky < kh; ky++) {
                                int fy = oy + top - ky * dh;
                                if (fy < 0 || fy % sh != 0 || fy / sh >= h) {
                                    continue;
                                }
                                for (int kx = 0; kx < kw; kx++) {
                                    int fx = ox + left - kx * dw;
                                    if (fx >= 0 && fx % sw == 0 && fx / sw < wd) {
                                        acc += (double) x.get(n, c, fy / sh, fx / sw) * w.get(c, co, ky, kx);
                                    }
                                }
                            }
                        }
                        y[((n * cout + oc) * oh + oy) * ow + ox] = acc;
                    }
                }
            }
        }
        return new Result(new int[] {batch, cout, oh, ow}, y);
    }

}
