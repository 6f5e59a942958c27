package dev.convstream.spec;

import dev.convstream.check.Require;

/**
 * A 2D convolution (PyTorch's {@code Conv2d}, cross-correlation): input
 * {@code [N][inChannels][H][W]}, weight {@code [outChannels][inChannels/groups][kernelH][kernelW]},
 * output {@code [N][outChannels][H'][W']}, each axis sized as in {@link Conv1dSpec}.
 */
public record Conv2dSpec(int inChannels, int outChannels, int kernelH, int kernelW,
                         int strideH, int strideW, Padding paddingH, Padding paddingW,
                         PaddingMode paddingMode, int dilationH, int dilationW, int groups,
                         boolean bias) implements OutputShape2d {

    public Conv2dSpec {
        SpecChecks.channelsAndGroups(inChannels, outChannels, groups);
        SpecChecks.window(kernelH, kernelW, strideH, strideW, dilationH, dilationW);
        Require.notNull("padding", paddingH);
        Require.notNull("padding", paddingW);
        Require.notNull("padding_mode", paddingMode);
    }

    public static Builder builder(int inChannels, int outChannels, int kernelH, int kernelW) {
        return new Builder(inChannels, outChannels, kernelH, kernelW);
    }

    public static Builder builder(int inChannels, int outChannels, int kernel) {
        return new Builder(inChannels, outChannels, kernel, kernel);
    }

    public int outputHeight(int height) {
        paddingMode.checkApplicable("height", height, paddingH.before(), paddingH.after());
        return SpecChecks.convOutput("height", height, paddingH, kernelH, strideH, dilationH);
    }

    public int outputWidth(int width) {
        paddingMode.checkApplicable("width", width, paddingW.before(), paddingW.after());
        return SpecChecks.convOutput("width", width, paddingW, kernelW, strideW, dilationW);
    }

    /** {@code [N][outChannels][H'][W']} for input {@code [N][inChannels][H][W]}, validated. */
    public int[] outputShape(int[] inputShape) {
        return SpecChecks.outputShape("Conv2d", this, inputShape);
    }

    /** {@code [outChannels][inChannels/groups][kernelH][kernelW]}. */
    public int[] weightShape() {
        return new int[] {outChannels, inChannels / groups, kernelH, kernelW};
    }

    public boolean isDepthwise() {
        return groups == inChannels && groups > 1;
    }

    public boolean isPointwise() {
        return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1
                && paddingH.total() == 0 && paddingW.total() == 0;
    }

    public long parameterCount() {
        return (long) outChannels * (inChannels / groups) * kernelH * kernelW + (bias ? outChannels : 0);
    }

    /** Fluent construction; defaults are PyTorch's (stride 1, no padding, zeros, bias on). */
    public static final class Builder {
        private final int in;
        private final int out;
        private final int kh;
        private final int kw;
        private int sh = 1;
        private int sw = 1;
        private int dh = 1;
        private int dw = 1;
        private int groups = 1;
        private boolean bias = true;
        private PaddingMode mode = PaddingMode.ZEROS;
        private Padding ph = Padding.valid();
        private Padding pw = Padding.valid();
        private boolean same;

        private Builder(int in, int out, int kh, int kw) {
            this.in = in;
            this.out = out;
            this.kh = kh;
            this.kw = kw;
        }

        public Builder stride(int s) { return stride(s, s); }
        public Builder stride(int h, int w) { this.sh = h; this.sw = w; return this; }
        public Builder dilation(int d) { return dilation(d, d); }
        public Builder dilation(int h, int w) { this.dh = h; this.dw = w; return this; }
        public Builder groups(int g) { this.groups = g; return this; }
        public Builder bias(boolean b) { this.bias = b; return this; }
        public Builder paddingMode(PaddingMode m) { this.mode = m; return this; }
        public Builder padding(int both) { return padding(Padding.of(both), Padding.of(both)); }
        public Builder padding(int h, int w) { return padding(Padding.of(h), Padding.of(w)); }
        public Builder padding(Padding h, Padding w) { this.ph = h; this.pw = w; this.same = false; return this; }
        /** PyTorch's {@code padding='same'}; requires stride 1 on both axes. */
        public Builder same() { this.same = true; return this; }
        public Builder valid() { return padding(Padding.valid(), Padding.valid()); }

        public Conv2dSpec build() {
            Padding h = ph;
            Padding w = pw;
            if (same) {
                if (sh != 1 || sw != 1) {
                    throw new IllegalArgumentException("padding='same' needs stride 1, found stride ("
                            + sh + ", " + sw + ")");
                }
                SpecChecks.window(kh, kw, sh, sw, dh, dw);
                h = Padding.same(kh, dh);
                w = Padding.same(kw, dw);
            }
            return new Conv2dSpec(in, out, kh, kw, sh, sw, h, w, mode, dh, dw, groups, bias);
        }
    }
}
