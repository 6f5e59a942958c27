package dev.convstream.golden;

import dev.convstream.kernel.Kernels;
import dev.convstream.layer.Activation;
import dev.convstream.activation.ActivationFunction;
import dev.convstream.layer.AvgPool1d;
import dev.convstream.layer.AvgPool2d;
import dev.convstream.layer.BatchNorm;
import dev.convstream.layer.GatedActivation;
import dev.convstream.layer.GlobalAvgPool;
import dev.convstream.layer.Layer;
import dev.convstream.layer.MaxPool1d;
import dev.convstream.layer.MaxPool2d;
import dev.convstream.layer.PoolWindow;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.KernelFamilies;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Activations, the tanh*sigmoid gate, inference batch norm and pooling against
 * {@code golden/layer_cases.*}, computed by {@code golden/generate_golden.py} from PyTorch's
 * definitions in float64 (scipy's erf for GELU). Layers that take a {@link Kernels} family
 * (activations and the gate, for tanh/sigmoid) run once per family; the others once.
 *
 * <p>Tolerances, per op (the same for both data kinds unless noted):
 * <ul>
 *   <li>bit-exact: ReLU, Hardtanh, max pooling (the output is an input value or a bound) and
 *       LeakyReLU (PyTorch multiplies by the slope rounded to float32; that float32 product is
 *       correctly rounded, and so is the reference's single rounding of the exact double product).</li>
 *   <li>{@code max|diff| / max|ref| <= 1e-6}: average pooling and global average (float32 sums
 *       of at most 35 values, then one division) and batch norm (folded into one float32 scale
 *       and shift per channel, as PyTorch's CPU kernel does: about four roundings of terms
 *       bounded by the output range here, running means and variances being O(1)). Measured
 *       today: pooling bit-exact, batch norm <= 1.2e-7.</li>
 *   <li>{@code max|diff| / max|ref| <= 2e-6}: tanh, sigmoid, GELU, SiLU and the gate, whose
 *       tanh/sigmoid come from the kernel family's {@code ElementwiseMath}, one polynomial formula
 *       in both families whose contract is "within a few ulp": a few ulp each of tanh and
 *       sigmoid plus the product's rounding stay below ~8 ulp, 1e-6 of the largest output;
 *       2e-6 leaves a factor 2 (measured today: <= 1 ulp, 7.5e-8). Far below the 4.7e-4 that
 *       separates GELU's erf form from its tanh approximation.</li>
 * </ul>
 */
class GoldenLayersTest {
    static final double POOL_AND_NORM_TOLERANCE = 1e-6;
    static final double TRANSCENDENTAL_TOLERANCE = 2e-6;

    private static final Set<String> BIT_EXACT = Set.of("relu", "leaky_relu", "hardtanh", "maxpool1d", "maxpool2d");
    private static final Set<String> ROUNDED = Set.of("avgpool1d", "avgpool2d", "global_avg_pool1d",
            "global_avg_pool2d", "batchnorm1d", "batchnorm2d");
    private static final Set<String> TRANSCENDENTAL = Set.of("tanh", "sigmoid", "gelu", "silu", "gated_tanh_sigmoid");
    /** Ops whose layer computes through a kernel family. */
    private static final Set<String> USES_KERNELS = Set.of("relu", "leaky_relu", "hardtanh", "tanh", "sigmoid",
            "gelu", "silu", "gated_tanh_sigmoid");

    @TestFactory
    Stream<DynamicNode> goldenLayers() {
        List<GoldenCase> cases = GoldenFile.load("layer_cases");
        Set<String> all = new TreeSet<>(BIT_EXACT);
        all.addAll(ROUNDED);
        all.addAll(TRANSCENDENTAL);
        Set<String> present = cases.stream().map(GoldenCase::op).collect(Collectors.toCollection(TreeSet::new));
        // Every op in the file has a tolerance, and every op with one is covered.
        assertEquals(all, present, "ops covered by layer_cases.json");
        Map<Boolean, List<GoldenCase>> byKernels = cases.stream()
                .collect(Collectors.partitioningBy(c -> USES_KERNELS.contains(c.op())));
        return Stream.of(
                container("scalar", byKernels.get(true), c -> build(c, Kernels.scalar())),
                container("vector", byKernels.get(true), c -> build(c, KernelFamilies.vector())),
                container("no kernels", byKernels.get(false), c -> build(c, null)));
    }

    private static DynamicContainer container(String name, List<GoldenCase> cases, Function<GoldenCase, Layer> build) {
        return DynamicContainer.dynamicContainer(name, cases.stream().map(c ->
                DynamicTest.dynamicTest(c.displayName(), () -> check(c, build.apply(c), name))));
    }

    private static void check(GoldenCase c, Layer layer, String family) {
        Tensor input = c.tensor("input");
        float[] before = input.data().clone();
        Tensor expected = c.tensor("expected");
        if (c.op().startsWith("global_avg_pool")) {
            // PyTorch's AdaptiveAvgPool keeps the spatial axes as size 1; convstream's
            // GlobalAvgPool drops them ([N][C]), the values being the same.
            expected = expected.reshape(expected.dim(0), expected.dim(1));
        }
        assertArrayEquals(expected.shape(), layer.outputShape(input.shape()), c.displayName() + ": outputShape");
        Tensor actual = layer.forward(input);
        assertArrayEquals(before, input.data(), c.displayName() + ": forward modified its input");
        String what = c.displayName() + " on " + family + " (" + layer.describe() + ")";
        if (BIT_EXACT.contains(c.op())) {
            GoldenAssert.assertBitExact(what, expected, actual);
        } else if (ROUNDED.contains(c.op())) {
            GoldenAssert.assertRelative(what, expected, actual, POOL_AND_NORM_TOLERANCE);
        } else {
            GoldenAssert.assertRelative(what, expected, actual, TRANSCENDENTAL_TOLERANCE);
        }
    }

    static Layer build(GoldenCase c, Kernels kernels) {
        switch (c.op()) {
            case "relu":
                return new Activation(ActivationFunction.relu(), kernels);
            case "leaky_relu":
                return new Activation(ActivationFunction.leakyRelu((float) c.number("negative_slope")), kernels);
            case "hardtanh":
                return new Activation(ActivationFunction.hardtanh((float) c.number("min_val"),
                        (float) c.number("max_val")), kernels);
            case "tanh":
                return new Activation(ActivationFunction.tanh(), kernels);
            case "sigmoid":
                return new Activation(ActivationFunction.sigmoid(), kernels);
            case "gelu":
                return new Activation(ActivationFunction.gelu(), kernels);
            case "silu":
                return new Activation(ActivationFunction.silu(), kernels);
            case "gated_tanh_sigmoid":
                return new GatedActivation(kernels);
            case "batchnorm1d":
            case "batchnorm2d":
                return batchNorm(c);
            case "maxpool1d":
                return new MaxPool1d(window(c, -1), false);
            case "maxpool2d":
                return new MaxPool2d(window(c, 0), window(c, 1), false);
            case "avgpool1d":
                return new AvgPool1d(window(c, -1), false, c.bool("count_include_pad"));
            case "avgpool2d":
                return new AvgPool2d(window(c, 0), window(c, 1), false, c.bool("count_include_pad"));
            case "global_avg_pool1d":
            case "global_avg_pool2d":
                return new GlobalAvgPool();
            default:
                throw new IllegalStateException("unknown op '" + c.op() + "' in " + c.displayName());
        }
    }

    private static Layer batchNorm(GoldenCase c) {
        boolean affine = c.bool("affine");
        // Without affine the file stores weight 1 and bias 0; convstream takes null for both.
        BatchNorm bn = new BatchNorm(c.tensor("running_mean"), c.tensor("running_var"),
                affine ? c.tensor("weight") : null, affine ? c.tensor("bias") : null, c.number("eps"));
        assertEquals(c.integer("num_features"), bn.channels(), c.displayName() + ": channels");
        return bn;
    }

    /** The pooling window of axis {@code axis} (0 = height, 1 = width), or of a 1D spec when -1. */
    private static PoolWindow window(GoldenCase c, int axis) {
        assertEquals(false, c.bool("ceil_mode"), c.displayName() + ": only ceil_mode=False cases exist");
        if (axis < 0) {
            return PoolWindow.of(c.integer("kernel_size"), c.integer("stride"), c.integer("padding"));
        }
        return PoolWindow.of(c.ints("kernel_size")[axis], c.ints("stride")[axis], c.ints("padding")[axis]);
    }
}
