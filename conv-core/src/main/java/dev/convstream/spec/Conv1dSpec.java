package dev.convstream.spec;

import dev.convstream.check.Require;

/**
 * A 1D convolution (PyTorch's {@code Conv1d}, cross-correlation): input {@code [N][inChannels][L]},
 * weight {@code [outChannels][inChannels/groups][kernel]}, output {@code [N][outChannels][L']}
 * with {@code L' = floor((L + before + after - dilation(kernel-1) - 1)/stride) + 1}.
 */
public record Conv1dSpec(int inChannels, int outChannels, int kernel, int stride, Padding padding,
                         PaddingMode paddingMode, int dilation, int groups, boolean bias)
        implements OutputShape1d {

    public Conv1dSpec {
        SpecChecks.channelsAndGroups(inChannels, outChannels, groups);
        SpecChecks.window(kernel, stride, dilation);
        Require.notNull("padding", padding);
        Require.notNull("padding_mode", paddingMode);
    }

    public static Builder builder(int inChannels, int outChannels, int kernel) {
        return new Builder(inChannels, outChannels, kernel);
    }

    /** Output length for an input of {@code length} frames. */
    public int outputLength(int length) {
        paddingMode.checkApplicable("length", length, padding.before(), padding.after());
        return SpecChecks.convOutput("length", length, padding, kernel, stride, dilation);
    }

    /** {@code [N][outChannels][L']} for input {@code [N][inChannels][L]}, validated. */
    public int[] outputShape(int[] inputShape) {
        return SpecChecks.outputShape("Conv1d", this, inputShape);
    }

    /** {@code [outChannels][inChannels/groups][kernel]}. */
    public int[] weightShape() {
        return new int[] {outChannels, inChannels / groups, kernel};
    }

    /** Extent of the dilated kernel, {@code dilation(kernel-1)+1}. */
    public int span() {
        return dilation * (kernel - 1) + 1;
    }

    public long parameterCount() {
        return (long) outChannels * (inChannels / groups) * kernel + (bias ? outChannels : 0);
    }

    /** Fluent construction; defaults are PyTorch's (stride 1, no padding, zeros, bias on). */
    public static final class Builder {
        private final int in;
        private final int out;
        private final int kernel;
        private int stride = 1;
        private int dilation = 1;
        private int groups = 1;
        private boolean bias = true;
        private PaddingMode mode = PaddingMode.ZEROS;
        private Padding padding = Padding.valid();
        private String rule; // "same" or "causal": resolved in build(), once dilation is known

        private Builder(int in, int out, int kernel) {
            this.in = in;
            this.out = out;
            this.kernel = kernel;
        }

        public Builder stride(int s) { this.stride = s; return this; }
        public Builder dilation(int d) { this.dilation = d; return this; }
        public Builder groups(int g) { this.groups = g; return this; }
        public Builder bias(boolean b) { this.bias = b; return this; }
        public Builder paddingMode(PaddingMode m) { this.mode = m; return this; }
        public Builder padding(int both) { return padding(Padding.of(both)); }
        public Builder padding(int before, int after) { return padding(new Padding(before, after)); }
        public Builder padding(Padding p) { this.padding = p; this.rule = null; return this; }
        /** PyTorch's {@code padding='same'}; requires stride 1. */
        public Builder same() { this.rule = "same"; return this; }
        public Builder valid() { return padding(Padding.valid()); }
        /** Left padding {@code d(k-1)}: output t depends on inputs {@code <= t}. */
        public Builder causal() { this.rule = "causal"; return this; }

        public Conv1dSpec build() {
            SpecChecks.window(kernel, stride, dilation); // before the padding rules use them
            Padding p = padding;
            if ("same".equals(rule)) {
                if (stride != 1) {
                    throw new IllegalArgumentException("padding='same' needs stride 1, found stride " + stride);
                }
                p = Padding.same(kernel, dilation);
            } else if ("causal".equals(rule)) {
                p = Padding.causal(kernel, dilation);
            }
            return new Conv1dSpec(in, out, kernel, stride, p, mode, dilation, groups, bias);
        }
    }
}
