package dev.convstream.model;

import dev.convstream.kernel.StreamingConvKernel;

/**
 * A causal conv {@code in -> out} (kernel k, dilation d, groups, optional bias) on
 * channel-major planar blocks, with its weights read from a NAM weight list
 * ({@code W[out][in/groups][k]}, then {@code b[out]}): the family's direct streaming kernel once
 * per group. Group g's outputs (rows {@code g*out/groups ..}) see only its inputs
 * ({@code g*in/groups ..}). With k > 1 its input must carry {@code d*(k-1)} frames of history in
 * front of frame 0 (a {@link SlidingHistory}); a 1x1 has none.
 */
final class Conv {
    final int in;
    final int out;
    final int k;
    final int dilation;
    final int groups;
    final float[] weight;
    final float[] bias;
    private final StreamingConvKernel kernel;
    /**
     * Per group, the kernel with this conv's weights fixed ({@link StreamingConvKernel#fix}): the
     * vector family packs them once, here, instead of its tiles reading four weight rows each step
     * (docs/wavenet-fused-steps.md, "Weights packed once"). Same bits as the kernel's own calls.
     */
    private final StreamingConvKernel.Fixed[] fixed;

    Conv(int in, int out, int k, int dilation, int groups, boolean bias, WeightReader r, StreamingConvKernel family) {
        this(in, out, k, dilation, groups, r.next(out * (in / groups) * k), bias ? r.next(out) : null, family);
    }

    private Conv(int in, int out, int k, int dilation, int groups, float[] weight, float[] bias,
                 StreamingConvKernel family) {
        this.in = in;
        this.out = out;
        this.k = k;
        this.dilation = dilation;
        this.groups = groups;
        this.weight = weight;
        this.bias = bias;
        this.kernel = family.forShape(out / groups, k, dilation);
        int gi = in / groups;
        int go = out / groups;
        this.fixed = new StreamingConvKernel.Fixed[groups];
        for (int g = 0; g < groups; g++) {
            fixed[g] = kernel.fix(go, gi, k, dilation, weight, g * go * gi * k, this.bias, bias != null ? g * go : 0);
        }
    }

    /** A 1x1 conv. */
    static Conv pointwise(int in, int out, int groups, boolean bias, WeightReader r, StreamingConvKernel family) {
        return new Conv(in, out, 1, 1, groups, bias, r, family);
    }

    /** {@code y (+)= W x + b} over {@code n} frames. */
    void apply(float[] x, int xOff, int xStride, float[] y, int yOff, int yStride, int n, boolean accumulate) {
        applyOnto(x, xOff, xStride, accumulate ? y : null, yOff, yStride, y, yOff, yStride, n);
    }

    /** {@code y = base + W x + b} over {@code n} frames; base is null (zero), y itself, or does not overlap y. */
    void applyOnto(float[] x, int xOff, int xStride, float[] base, int baseOff, int baseStride,
                   float[] y, int yOff, int yStride, int n) {
        int gi = in / groups;
        int go = out / groups;
        for (int g = 0; g < groups; g++) {
            fixed[g].correlateOnto(x, xOff + g * gi * xStride, xStride, base, baseOff + g * go * baseStride, baseStride,
                    y, yOff + g * go * yStride, yStride, n);
        }
    }

    /**
     * {@code y = W x + b + M c} over {@code n} frames, where {@code mixin} is a 1x1 conv from one
     * row ({@code c}, no bias, one group): bit for bit {@code apply} then {@code mixin.apply}
     * accumulating, in one kernel call where both convs run the same kernel (a WaveNet layer's
     * dilated conv and input mixin; the kernel adds the mixin before its one store of y).
     */
    void applyWithMixin(float[] x, int xOff, int xStride, Conv mixin, float[] c, int cOff,
                        float[] y, int yOff, int yStride, int n) {
        if (!fusesMixin(mixin)) {
            apply(x, xOff, xStride, y, yOff, yStride, n, false);
            mixin.apply(c, cOff, n, y, yOff, yStride, n, true);
            return;
        }
        fixed[0].correlateWithMixin(x, xOff, xStride, mixin.weight, 0, c, cOff, y, yOff, yStride, n);
    }

    /** Whether {@link #applyWithMixin} with this mixin is one kernel call. */
    boolean fusesMixin(Conv mixin) {
        return groups == 1 && mixin.in == 1 && mixin.groups == 1 && mixin.bias == null && mixin.out == out
                && mixin.kernel == kernel;
    }

    /** The one group's kernel, with the weights fixed; only for a conv of one group. */
    StreamingConvKernel.Fixed single() {
        if (groups != 1) {
            throw new IllegalStateException("a conv of " + groups + " groups has a kernel per group");
        }
        return fixed[0];
    }

    /** Whether {@link #foldedThrough} accepts {@code pointwise} and saves work: see {@link ConvFold#pays}. */
    boolean foldsThrough(Conv pointwise) {
        return pointwise.k == 1 && pointwise.groups == 1 && pointwise.bias == null && pointwise.out == in
                && ConvFold.pays(in, groups, pointwise.in);
    }

    /** This conv on {@code pointwise}'s output as one conv on its input ({@link ConvFold}), the same bias. */
    Conv foldedThrough(Conv pointwise, StreamingConvKernel family) {
        if (!foldsThrough(pointwise)) {
            throw new IllegalArgumentException("a " + in + "-input conv of " + groups + " groups does not fold through a "
                    + pointwise.in + " -> " + pointwise.out + " pointwise conv");
        }
        float[] folded = new float[out * pointwise.in * k];
        ConvFold.fold(weight, 0, out, in, groups, k, pointwise.weight, 0, pointwise.in, folded, 0);
        return new Conv(pointwise.in, out, k, dilation, 1, folded, bias, family);
    }

    /** {@code (k - 1) * dilation}: the history frames it reads. */
    int history() {
        return (k - 1) * dilation;
    }
}
