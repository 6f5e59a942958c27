package dev.convstream.golden;

import dev.convstream.kernel.Kernels;
import dev.convstream.layer.Conv1d;
import dev.convstream.layer.Conv2d;
import dev.convstream.layer.ConvTranspose1d;
import dev.convstream.layer.ConvTranspose2d;
import dev.convstream.layer.Layer;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.ConvTranspose1dSpec;
import dev.convstream.spec.ConvTranspose2dSpec;
import dev.convstream.spec.Padding;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.KernelFamilies;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Conv1d, Conv2d, ConvTranspose1d and ConvTranspose2d against {@code golden/conv_cases.*}, vectors
 * computed by {@code golden/generate_golden.py} from PyTorch's definitions in float64 with numpy
 * (no PyTorch, no conv-core code involved). One test per case, data kind and kernel family.
 *
 * <p>Tolerances:
 * <ul>
 *   <li>{@code exact} cases: bit-exact. Inputs, weights and biases are multiples of 1/16 in
 *       [-1, 1], so every product is a multiple of 2^-8 and every partial sum (at most 600 terms of
 *       magnitude <= 1, plus the bias) needs fewer than 24 significant bits: float32 represents all
 *       of them, in any summation order, with or without FMA. Any difference is a wrong index,
 *       tap, padding or bias.</li>
 *   <li>{@code gaussian} cases: {@code max|diff| / max|ref| <= 1e-5}. The longest reduction is
 *       600 products; a plain float32 left-to-right accumulation stays below 7e-7 on every case
 *       (the generator asserts < 1e-6), so 1e-5 admits any reasonable blocking/vector order while
 *       an error in the convolution itself shows up around 1e-1.</li>
 * </ul>
 */
class GoldenConvTest {
    /** Relative tolerance for gaussian data; see the class comment. */
    static final double GAUSSIAN_TOLERANCE = 1e-5;

    private static final Set<String> OPS = Set.of("conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d");

    @TestFactory
    Stream<DynamicNode> goldenConvolutions() {
        List<GoldenCase> cases = GoldenFile.load("conv_cases");
        Set<String> present = cases.stream().map(GoldenCase::op).collect(Collectors.toCollection(TreeSet::new));
        // The factory must not pass vacuously on a truncated or mislabelled file.
        assertEquals(new TreeSet<>(OPS), present, "ops covered by conv_cases.json");
        assertEquals(2 * cases.stream().filter(GoldenCase::exact).count(), cases.size(),
                "every case should exist once exact and once gaussian");
        return Stream.of(family("scalar", Kernels::scalar, cases), family("vector", KernelFamilies::vector, cases));
    }

    private static DynamicContainer family(String name, Supplier<Kernels> kernels, List<GoldenCase> cases) {
        return DynamicContainer.dynamicContainer(name, cases.stream().map(c ->
                DynamicTest.dynamicTest(c.displayName(), () -> check(c, kernels.get()))));
    }

    private static void check(GoldenCase c, Kernels kernels) {
        Layer layer = build(c, kernels);
        Tensor input = c.tensor("input");
        float[] before = input.data().clone();
        Tensor expected = c.tensor("expected");
        assertArrayEquals(expected.shape(), layer.outputShape(input.shape()), c.displayName() + ": outputShape");
        Tensor actual = layer.forward(input);
        assertArrayEquals(before, input.data(), c.displayName() + ": forward modified its input");
        String what = c.displayName() + " on " + kernels.name() + " (" + layer.describe() + ")";
        if (c.exact()) {
            GoldenAssert.assertBitExact(what, expected, actual);
        } else {
            GoldenAssert.assertRelative(what, expected, actual, GAUSSIAN_TOLERANCE);
        }
    }

    static Layer build(GoldenCase c, Kernels kernels) {
        Tensor weight = c.tensor("weight");
        Tensor bias = c.optionalTensor("bias");
        switch (c.op()) {
            case "conv1d":
                return new Conv1d(conv1dSpec(c), weight, bias, kernels);
            case "conv2d":
                return new Conv2d(conv2dSpec(c), weight, bias, kernels);
            case "conv_transpose1d":
                return new ConvTranspose1d(convTranspose1dSpec(c), weight, bias, kernels);
            case "conv_transpose2d":
                return new ConvTranspose2d(convTranspose2dSpec(c), weight, bias, kernels);
            default:
                throw new IllegalStateException("unknown op '" + c.op() + "' in " + c.displayName());
        }
    }

    /** 'same' and 'causal' go through the builder's rules, whose result must be the stored padding. */
    static Conv1dSpec conv1dSpec(GoldenCase c) {
        int[] p = c.ints("padding");
        Padding padding = new Padding(p[0], p[1]);
        PaddingMode mode = PaddingMode.parse(c.text("padding_mode"));
        String rule = c.text("padding_rule");
        Conv1dSpec spec;
        if ("same".equals(rule) || "causal".equals(rule)) {
            Conv1dSpec.Builder b = Conv1dSpec.builder(c.integer("in_channels"), c.integer("out_channels"),
                            c.integer("kernel_size"))
                    .stride(c.integer("stride")).dilation(c.integer("dilation")).groups(c.integer("groups"))
                    .bias(c.bool("bias")).paddingMode(mode);
            spec = ("same".equals(rule) ? b.same() : b.causal()).build();
        } else {
            spec = new Conv1dSpec(c.integer("in_channels"), c.integer("out_channels"), c.integer("kernel_size"),
                    c.integer("stride"), padding, mode, c.integer("dilation"), c.integer("groups"), c.bool("bias"));
        }
        assertEquals(padding, spec.padding(), c.displayName() + ": padding of rule " + rule);
        return spec;
    }

    static Conv2dSpec conv2dSpec(GoldenCase c) {
        int[] k = c.ints("kernel_size");
        int[] s = c.ints("stride");
        int[] d = c.ints("dilation");
        int[] ph = c.ints("padding", 0);
        int[] pw = c.ints("padding", 1);
        PaddingMode mode = PaddingMode.parse(c.text("padding_mode"));
        Conv2dSpec spec;
        if ("same".equals(c.text("padding_rule"))) {
            spec = Conv2dSpec.builder(c.integer("in_channels"), c.integer("out_channels"), k[0], k[1])
                    .stride(s[0], s[1]).dilation(d[0], d[1]).groups(c.integer("groups")).bias(c.bool("bias"))
                    .paddingMode(mode).same().build();
        } else {
            spec = new Conv2dSpec(c.integer("in_channels"), c.integer("out_channels"), k[0], k[1], s[0], s[1],
                    new Padding(ph[0], ph[1]), new Padding(pw[0], pw[1]), mode, d[0], d[1],
                    c.integer("groups"), c.bool("bias"));
        }
        assertEquals(new Padding(ph[0], ph[1]), spec.paddingH(), c.displayName() + ": height padding");
        assertEquals(new Padding(pw[0], pw[1]), spec.paddingW(), c.displayName() + ": width padding");
        return spec;
    }

    static ConvTranspose1dSpec convTranspose1dSpec(GoldenCase c) {
        int[] p = c.ints("padding");
        return new ConvTranspose1dSpec(c.integer("in_channels"), c.integer("out_channels"), c.integer("kernel_size"),
                c.integer("stride"), new Padding(p[0], p[1]), c.integer("output_padding"), c.integer("dilation"),
                c.integer("groups"), c.bool("bias"));
    }

    static ConvTranspose2dSpec convTranspose2dSpec(GoldenCase c) {
        int[] k = c.ints("kernel_size");
        int[] s = c.ints("stride");
        int[] d = c.ints("dilation");
        int[] op = c.ints("output_padding");
        int[] ph = c.ints("padding", 0);
        int[] pw = c.ints("padding", 1);
        return new ConvTranspose2dSpec(c.integer("in_channels"), c.integer("out_channels"), k[0], k[1], s[0], s[1],
                new Padding(ph[0], ph[1]), new Padding(pw[0], pw[1]), op[0], op[1], d[0], d[1],
                c.integer("groups"), c.bool("bias"));
    }
}
