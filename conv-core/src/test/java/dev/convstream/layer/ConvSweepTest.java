package dev.convstream.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.kernel.Kernels;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.KernelFamilies;
import dev.convstream.testing.NaiveConv;
import dev.convstream.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Randomised sweep (seeded, 400 configurations) of the four convolution layers against
 * {@link NaiveConv}, once per kernel family. Each configuration runs on multiples of 1/16,
 * which must match the reference exactly (also with the column workspace cut into tiny tiles),
 * and on Gaussian values, within {@link ConvAssertions#GAUSSIAN_TOLERANCE} of each element's
 * magnitude.
 */
class ConvSweepTest {
    static final List<ConvCases.Case> CONV1D = ConvCases.conv1d(0x1D, 130);
    static final List<ConvCases.Case> CONV2D = ConvCases.conv2d(0x2D, 130);
    static final List<ConvCases.Case> TRANSPOSED1D = ConvCases.convTranspose1d(0x71D, 70);
    static final List<ConvCases.Case> TRANSPOSED2D = ConvCases.convTranspose2d(0x72D, 70);

    @TestFactory
    Stream<DynamicNode> conv1d() {
        return sweep(CONV1D);
    }

    @TestFactory
    Stream<DynamicNode> conv2d() {
        return sweep(CONV2D);
    }

    @TestFactory
    Stream<DynamicNode> convTranspose1d() {
        return sweep(TRANSPOSED1D);
    }

    @TestFactory
    Stream<DynamicNode> convTranspose2d() {
        return sweep(TRANSPOSED2D);
    }

    private static Stream<DynamicNode> sweep(List<ConvCases.Case> cases) {
        return KernelFamilies.both().map(kernels -> DynamicContainer.dynamicContainer(kernels.name(),
                cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c, kernels)))));
    }

    private static void check(ConvCases.Case c, Kernels kernels) {
        TestData data = new TestData(c.name().hashCode());
        Tensor x = data.sixteenths(c.inputShape());
        Tensor w = data.sixteenths(c.weightShape());
        Tensor b = c.bias() ? data.sixteenths(c.outChannels()) : null;
        Layer layer = c.build(w, b, kernels);
        Tensor y = layer.forward(x);
        assertArrayEquals(layer.outputShape(c.inputShape()), y.shape(), "outputShape agrees with forward");
        ConvAssertions.assertExact(c.reference(x, w, b), y, kernels.name() + " sixteenths");
        // Tiling the column matrix (single windows, then small bands or segments) changes no sum.
        for (int budget : new int[] {1, 300}) {
            assertArrayEquals(y.data(), c.buildTiled(w, b, kernels, budget).forward(x).data(),
                    kernels.name() + " column budget " + budget);
        }

        Tensor gx = data.gaussian(c.inputShape());
        Tensor gw = data.gaussian(c.weightShape());
        Tensor gb = c.bias() ? data.gaussian(c.outChannels()) : null;
        Tensor gy = c.build(gw, gb, kernels).forward(gx);
        ConvAssertions.assertClose(c.reference(gx, gw, gb),
                c.reference(TestData.abs(gx), TestData.abs(gw), TestData.abs(gb)), gy, kernels.name() + " gaussian");
    }

    /** Guards the generator: the sweep must keep covering what the brief asks for. */
    @Test
    void sweepCoversTheRequiredCases() {
        Set<String> seen = new TreeSet<>();
        List<ConvCases.Case> all = new ArrayList<>();
        all.addAll(CONV1D);
        all.addAll(CONV2D);
        all.addAll(TRANSPOSED1D);
        all.addAll(TRANSPOSED2D);
        for (ConvCases.Case c : all) {
            String type = c.getClass().getSimpleName();
            int[] out = c.build(Tensor.zeros(c.weightShape()), c.bias() ? Tensor.zeros(c.outChannels()) : null,
                    Kernels.scalar()).outputShape(c.inputShape());
            if (out[out.length - 1] == 1) {
                seen.add(type + " output 1");
            }
            seen.add(type + " batch " + c.inputShape()[0]);
            seen.add(type + " bias " + c.bias());
            if (c instanceof ConvCases.Conv1dCase c1) {
                seen.add("conv1d " + c1.spec().paddingMode());
                seen.add("conv1d kernel " + c1.spec().kernel());
                seen.add("conv1d stride " + c1.spec().stride());
                seen.add("conv1d dilation 16 " + (c1.spec().dilation() == 16));
                seen.add("conv1d " + c1.padding().replace("pointwise ", ""));
                seen.add("conv1d path " + new Conv1d(c1.spec(), Tensor.zeros(c1.weightShape()),
                        c1.bias() ? Tensor.zeros(c1.outChannels()) : null, Kernels.scalar()).path());
            } else if (c instanceof ConvCases.Conv2dCase c2) {
                seen.add("conv2d " + c2.spec().paddingMode());
                seen.add("conv2d " + c2.padding().replace("pointwise ", ""));
                seen.add("conv2d non-square " + (c2.inputShape()[2] != c2.inputShape()[3]));
                seen.add("conv2d path " + new Conv2d(c2.spec(), Tensor.zeros(c2.weightShape()),
                        c2.bias() ? Tensor.zeros(c2.outChannels()) : null, Kernels.scalar()).path());
            }
        }
        String s = seen.toString();
        for (String required : List.of("Conv1dCase output 1", "Conv2dCase output 1", "ConvTranspose1dCase output 1",
                "Conv1dCase batch 3", "Conv2dCase batch 3", "ConvTranspose1dCase batch 3",
                "ConvTranspose2dCase batch 3", "Conv1dCase bias false", "Conv2dCase bias false",
                "conv1d ZEROS", "conv1d REFLECT", "conv1d REPLICATE", "conv1d CIRCULAR",
                "conv2d ZEROS", "conv2d REFLECT", "conv2d REPLICATE", "conv2d CIRCULAR",
                "conv1d kernel 1", "conv1d kernel 7", "conv1d stride 3", "conv1d dilation 16 true",
                "conv1d causal depthwise x2", "conv1d same dense", "conv1d asymmetric grouped",
                "conv2d non-square true", "conv1d path POINTWISE", "conv1d path DEPTHWISE", "conv1d path GENERAL",
                "conv2d path POINTWISE", "conv2d path DEPTHWISE", "conv2d path GENERAL")) {
            assertTrue(seen.contains(required), "sweep lacks '" + required + "'; it has " + s);
        }
    }
}
