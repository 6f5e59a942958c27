package dev.convstream.layer;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.ConvTranspose1dSpec;
import dev.convstream.spec.ConvTranspose2dSpec;
import dev.convstream.spec.Padding;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.NaiveConv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded random convolution configurations for the sweeps: every padding mode, valid /
 * symmetric / asymmetric / same / causal padding, kernel 1-7, stride 1-3, dilation up to 16,
 * plain, grouped, depthwise (multiplier 1 and 2) and pointwise, batch 1 and 3, bias on and off,
 * non-square planes, inputs sized down to a single output. Each case knows how to build its
 * layer and its {@link NaiveConv} reference.
 */
final class ConvCases {
    private ConvCases() {
    }

    /** One configuration of one layer type. */
    interface Case {
        String name();

        int[] inputShape();

        int[] weightShape();

        int outChannels();

        boolean bias();

        Layer build(Tensor weight, Tensor bias, Kernels kernels);

        /** The same layer with its column workspace capped at {@code budget} floats. */
        Layer buildTiled(Tensor weight, Tensor bias, Kernels kernels, int budget);

        NaiveConv.Result reference(Tensor x, Tensor weight, Tensor bias);
    }

    record Conv1dCase(Conv1dSpec spec, int[] inputShape, String padding) implements Case {
        public String name() {
            return "conv1d " + padding + " " + spec + " x" + Arrays.toString(inputShape);
        }

        public int[] weightShape() {
            return spec.weightShape();
        }

        public int outChannels() {
            return spec.outChannels();
        }

        public boolean bias() {
            return spec.bias();
        }

        public Layer build(Tensor w, Tensor b, Kernels k) {
            return new Conv1d(spec, w, b, k);
        }

        public Layer buildTiled(Tensor w, Tensor b, Kernels k, int budget) {
            return new Conv1d(spec, w, b, k, null, budget);
        }

        public NaiveConv.Result reference(Tensor x, Tensor w, Tensor b) {
            return NaiveConv.conv1d(spec, x, w, b);
        }
    }

    record Conv2dCase(Conv2dSpec spec, int[] inputShape, String padding) implements Case {
        public String name() {
            return "conv2d " + padding + " " + spec + " x" + Arrays.toString(inputShape);
        }

        public int[] weightShape() {
            return spec.weightShape();
        }

        public int outChannels() {
            return spec.outChannels();
        }

        public boolean bias() {
            return spec.bias();
        }

        public Layer build(Tensor w, Tensor b, Kernels k) {
            return new Conv2d(spec, w, b, k);
        }

        public Layer buildTiled(Tensor w, Tensor b, Kernels k, int budget) {
            return new Conv2d(spec, w, b, k, null, budget);
        }

        public NaiveConv.Result reference(Tensor x, Tensor w, Tensor b) {
            return NaiveConv.conv2d(spec, x, w, b);
        }
    }

    record ConvTranspose1dCase(ConvTranspose1dSpec spec, int[] inputShape) implements Case {
        public String name() {
            return "conv_transpose1d " + spec + " x" + Arrays.toString(inputShape);
        }

        public int[] weightShape() {
            return spec.weightShape();
        }

        public int outChannels() {
            return spec.outChannels();
        }

        public boolean bias() {
            return spec.bias();
        }

        public Layer build(Tensor w, Tensor b, Kernels k) {
            return new ConvTranspose1d(spec, w, b, k);
        }

        public Layer buildTiled(Tensor w, Tensor b, Kernels k, int budget) {
            return new ConvTranspose1d(spec, w, b, k, budget);
        }

        public NaiveConv.Result reference(Tensor x, Tensor w, Tensor b) {
            return NaiveConv.convTranspose1d(spec, x, w, b);
        }
    }

    record ConvTranspose2dCase(ConvTranspose2dSpec spec, int[] inputShape) implements Case {
        public String name() {
            return "conv_transpose2d " + spec + " x" + Arrays.toString(inputShape);
        }

        public int[] weightShape() {
            return spec.weightShape();
        }

        public int outChannels() {
            return spec.outChannels();
        }

        public boolean bias() {
            return spec.bias();
        }

        public Layer build(Tensor w, Tensor b, Kernels k) {
            return new ConvTranspose2d(spec, w, b, k);
        }

        public Layer buildTiled(Tensor w, Tensor b, Kernels k, int budget) {
            return new ConvTranspose2d(spec, w, b, k, budget);
        }

        public NaiveConv.Result reference(Tensor x, Tensor w, Tensor b) {
            return NaiveConv.convTranspose2d(spec, x, w, b);
        }
    }

    // ------------------------------------------------------------------ generators

    private static final int[] DILATIONS_1D = {1, 1, 1, 2, 3, 4, 7, 16};
    private static final int[] DILATIONS_2D = {1, 1, 1, 2, 3};
    private static final String[] PADDINGS = {"valid", "symmetric", "asymmetric", "same", "causal"};

    /** Channel layout of one case: in, out, groups; "kind" names it for coverage checks. */
    record Channels(int in, int out, int groups, String kind) {
    }

    static Channels channels(Random r) {
        switch (r.nextInt(5)) {
            case 0: {
                int g = 2 + r.nextInt(2);
                return new Channels(g * (1 + r.nextInt(2)), g * (1 + r.nextInt(2)), g, "grouped");
            }
            case 1: {
                int c = 2 + r.nextInt(3);
                int multiplier = 1 + r.nextInt(2);
                return new Channels(c, c * multiplier, c, "depthwise x" + multiplier);
            }
            default:
                return new Channels(1 + r.nextInt(3), 1 + r.nextInt(3), 1, "dense");
        }
    }

    /** Padding of one axis by the named rule; "same" is only drawn with stride 1. */
    static Padding padding(Random r, String rule, int kernel, int dilation) {
        int span = dilation * (kernel - 1) + 1;
        switch (rule) {
            case "valid":
                return Padding.valid();
            case "symmetric":
                return Padding.of(r.nextInt(span / 2 + 2));
            case "asymmetric": {
                int before = r.nextInt(span + 1);
                int after = r.nextInt(span + 1);
                return new Padding(before, after == before ? after + 1 : after);
            }
            case "same":
                return Padding.same(kernel, dilation);
            case "causal":
                return Padding.causal(kernel, dilation);
            default:
                throw new AssertionError(rule);
        }
    }

    /**
     * An input size for one axis that the padding mode accepts (reflect: larger than the
     * padding; circular: at least the padding) and that yields at least one output; one draw in
     * five is the smallest such size, which often means a single output.
     */
    static int inputSize(Random r, Padding p, PaddingMode mode, int kernel, int dilation, int stride, int extraMax) {
        int span = dilation * (kernel - 1) + 1;
        int min = Math.max(1, span - p.total());
        int pad = Math.max(p.before(), p.after());
        if (mode == PaddingMode.REFLECT) {
            min = Math.max(min, pad + 1);
        } else if (mode == PaddingMode.CIRCULAR) {
            min = Math.max(min, pad);
        }
        return r.nextInt(5) == 0 ? min : min + r.nextInt(extraMax + stride);
    }

    static List<Case> conv1d(long seed, int count) {
        Random r = new Random(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Channels ch = channels(r);
            boolean pointwise = r.nextInt(8) == 0;
            int k = pointwise ? 1 : 1 + r.nextInt(7);
            int d = DILATIONS_1D[r.nextInt(DILATIONS_1D.length)];
            String rule = pointwise ? "valid" : PADDINGS[r.nextInt(PADDINGS.length)];
            int s = pointwise || rule.equals("same") ? 1 : 1 + r.nextInt(3);
            Padding p = padding(r, rule, k, d);
            PaddingMode mode = PaddingMode.values()[r.nextInt(4)];
            int len = inputSize(r, p, mode, k, d, s, 12);
            int batch = r.nextBoolean() ? 1 : 3;
            Conv1dSpec spec = new Conv1dSpec(ch.in(), ch.out(), k, s, p, mode, d, ch.groups(), r.nextBoolean());
            cases.add(new Conv1dCase(spec, new int[] {batch, ch.in(), len}, (pointwise ? "pointwise " : "")
                    + rule + " " + ch.kind()));
        }
        return cases;
    }

    static List<Case> conv2d(long seed, int count) {
        Random r = new Random(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Channels ch = channels(r);
            boolean pointwise = r.nextInt(8) == 0;
            int kh = pointwise ? 1 : 1 + r.nextInt(7);
            int kw = pointwise ? 1 : 1 + r.nextInt(7);
            // Large dilation only with a small kernel, to keep the reference fast.
            int dh = kh <= 2 && r.nextInt(6) == 0 ? 16 : DILATIONS_2D[r.nextInt(DILATIONS_2D.length)];
            int dw = kw <= 3 && r.nextInt(6) == 0 ? 16 : DILATIONS_2D[r.nextInt(DILATIONS_2D.length)];
            String ruleH = pointwise ? "valid" : PADDINGS[r.nextInt(PADDINGS.length)];
            String ruleW = pointwise ? "valid" : PADDINGS[r.nextInt(PADDINGS.length)];
            int sh = pointwise || ruleH.equals("same") ? 1 : 1 + r.nextInt(3);
            int sw = pointwise || ruleW.equals("same") ? 1 : 1 + r.nextInt(3);
            Padding ph = padding(r, ruleH, kh, dh);
            Padding pw = padding(r, ruleW, kw, dw);
            PaddingMode mode = PaddingMode.values()[r.nextInt(4)];
            int h = inputSize(r, ph, mode, kh, dh, sh, 6);
            int w = inputSize(r, pw, mode, kw, dw, sw, 9);
            int batch = r.nextInt(3) == 0 ? 3 : 1;
            Conv2dSpec spec = new Conv2dSpec(ch.in(), ch.out(), kh, kw, sh, sw, ph, pw, mode, dh, dw,
                    ch.groups(), r.nextBoolean());
            cases.add(new Conv2dCase(spec, new int[] {batch, ch.in(), h, w}, (pointwise ? "pointwise " : "")
                    + ruleH + "/" + ruleW + " " + ch.kind()));
        }
        return cases;
    }

    /** Crop padding for a transposed axis that leaves at least one output. */
    static Padding transposedPadding(Random r, int len, int k, int s, int d, int op) {
        int full = (len - 1) * s + d * (k - 1) + op + 1;
        switch (r.nextInt(3)) {
            case 0:
                return Padding.valid();
            case 1:
                return Padding.of(r.nextInt((full - 1) / 2 + 1));
            default: {
                int before = r.nextInt(full);
                return new Padding(before, r.nextInt(full - before));
            }
        }
    }

    static List<Case> convTranspose1d(long seed, int count) {
        Random r = new Random(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Channels ch = channels(r);
            int k = 1 + r.nextInt(7);
            int s = 1 + r.nextInt(3);
            int d = DILATIONS_1D[r.nextInt(DILATIONS_1D.length)];
            int op = r.nextInt(Math.max(s, d));
            int len = 1 + r.nextInt(7);
            Padding p = transposedPadding(r, len, k, s, d, op);
            int batch = r.nextBoolean() ? 1 : 3;
            ConvTranspose1dSpec spec = new ConvTranspose1dSpec(ch.in(), ch.out(), k, s, p, op, d, ch.groups(),
                    r.nextBoolean());
            cases.add(new ConvTranspose1dCase(spec, new int[] {batch, ch.in(), len}));
        }
        return cases;
    }

    static List<Case> convTranspose2d(long seed, int count) {
        Random r = new Random(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Channels ch = channels(r);
            int kh = 1 + r.nextInt(7);
            int kw = 1 + r.nextInt(7);
            int sh = 1 + r.nextInt(3);
            int sw = 1 + r.nextInt(3);
            int dh = DILATIONS_2D[r.nextInt(DILATIONS_2D.length)];
            int dw = kw <= 3 && r.nextInt(6) == 0 ? 16 : DILATIONS_2D[r.nextInt(DILATIONS_2D.length)];
            int oph = r.nextInt(Math.max(sh, dh));
            int opw = r.nextInt(Math.max(sw, dw));
            int h = 1 + r.nextInt(5);
            int w = 1 + r.nextInt(6);
            Padding ph = transposedPadding(r, h, kh, sh, dh, oph);
            Padding pw = transposedPadding(r, w, kw, sw, dw, opw);
            int batch = r.nextInt(3) == 0 ? 3 : 1;
            ConvTranspose2dSpec spec = new ConvTranspose2dSpec(ch.in(), ch.out(), kh, kw, sh, sw, ph, pw, oph, opw,
                    dh, dw, ch.groups(), r.nextBoolean());
            cases.add(new ConvTranspose2dCase(spec, new int[] {batch, ch.in(), h, w}));
        }
        return cases;
    }
}
