package dev.convstream.layer;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.Kernels;
import dev.convstream.report.LayerReport;
import dev.convstream.report.ReceptiveField;
import dev.convstream.report.StackReport;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.convstream.layer.ActivationTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequentialTest {

    private static Conv2d conv3x3(int in, int out, Kernels k, SplittableRandom rnd) {
        Conv2dSpec spec = Conv2dSpec.builder(in, out, 3).padding(1).build();
        return new Conv2d(spec, positive(rnd, spec.weightShape()), positive(rnd, out), k);
    }

    /** Weights in (0.5, 1]: no cancellation, so every input in the field changes the output. */
    private static Tensor positive(SplittableRandom rnd, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) rnd.nextDouble(0.5, 1);
        }
        return t;
    }

    /** conv3x3, conv3x3, maxpool 2x2 stride 2, conv3x3: 1 + 2 + 2 -> 5, +1 -> 6 at jump 2, + 2*2 -> 10. */
    private static Sequential textbookStack(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(1);
        return new Sequential(conv3x3(1, 2, k, rnd), new Activation(ActivationFunction.relu(), k),
                conv3x3(2, 2, k, rnd), new MaxPool2d(2), conv3x3(2, 1, k, rnd));
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void textbookReceptiveFieldIsTenAndReallyReachesThatFar(Kernels k) {
        Sequential stack = textbookStack(k);
        int[] shape = {1, 1, 16, 16};
        assertEquals(ReceptiveField.of2d(10, 10, 2, 2), stack.stackReport(shape).receptiveField().orElseThrow());
        assertEquals(ReceptiveField.of2d(10, 10, 2, 2), stack.receptiveField());
        // Empirically: which input pixels move output (3, 3)? Raise each one alone by a large amount
        // (weights positive, so it wins every max it takes part in) and look.
        Tensor x = positive(new SplittableRandom(2), shape);
        float base = stack.forward(x).get(0, 0, 3, 3);
        int minR = 99;
        int maxR = -1;
        int minC = 99;
        int maxC = -1;
        for (int r = 0; r < 16; r++) {
            for (int c = 0; c < 16; c++) {
                Tensor p = x.copy();
                p.set(100f, 0, 0, r, c);
                if (stack.forward(p).get(0, 0, 3, 3) != base) {
                    minR = Math.min(minR, r);
                    maxR = Math.max(maxR, r);
                    minC = Math.min(minC, c);
                    maxC = Math.max(maxC, c);
                }
            }
        }
        assertEquals(10, maxR - minR + 1, "rows reaching output (3,3)");
        assertEquals(10, maxC - minC + 1, "columns reaching output (3,3)");
    }

    /** WaveNet's stack: kernel 3, dilations 1, 2, ..., 512: 1 + 2 (1 + 2 + ... + 512) = 2047. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void waveNetDilationStack(Kernels k) {
        List<Layer> layers = new ArrayList<>();
        for (int d = 1; d <= 512; d *= 2) {
            Conv1dSpec spec = Conv1dSpec.builder(1, 1, 3).dilation(d).bias(false).build();
            layers.add(new Conv1d(spec, Tensor.of(new float[] {1, 1, 1}, 1, 1, 3), null, k));
            layers.add(new Activation(ActivationFunction.tanh(), k));
        }
        Sequential stack = new Sequential(layers);
        assertEquals(ReceptiveField.of1d(2047, 1), stack.receptiveField());
        int[] shape = {1, 1, 2100};
        StackReport report = stack.stackReport(shape);
        assertEquals(ReceptiveField.of1d(2047, 1), report.receptiveField().orElseThrow());
        assertArrayEquals(new int[] {1, 1, 2100 - 2046}, report.outputShape());
        assertEquals(30, report.parameters());
        // Output 0 of this unpadded stack sees inputs 0..2046: an impulse at 2046 reaches it (weights
        // are all 1 and tanh keeps the sign, so nothing cancels), one at 2047 does not.
        Tensor x = Tensor.zeros(shape);
        x.set(1e-3f, 0, 0, 2046);
        assertTrue(stack.forward(x).get(0, 0, 0) != 0f, "input 2046 reaches output 0");
        Tensor y = Tensor.zeros(shape);
        y.set(1e-3f, 0, 0, 2047);
        assertEquals(0f, stack.forward(y).get(0, 0, 0), "input 2047 is outside output 0's field");
    }

    @Test
    void reportTableTotalsAndGlobalPooling() {
        Kernels k = Kernels.scalar();
        Conv2dSpec spec = Conv2dSpec.builder(3, 8, 3).padding(1).build();
        Conv2d conv = new Conv2d(spec, Tensor.zeros(spec.weightShape()), Tensor.zeros(8), k);
        Tensor ones = Tensor.of(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, 8);
        Sequential stack = new Sequential(conv, new BatchNorm(Tensor.zeros(8), ones, ones, Tensor.zeros(8)),
                new Activation(ActivationFunction.relu(), k), new MaxPool2d(2), new GlobalAvgPool());
        int[] shape = {1, 3, 8, 8};
        StackReport r = stack.stackReport(shape);
        assertEquals(224 + 32, r.parameters());
        assertEquals(stack.parameterCount(), r.parameters());
        assertEquals(8 * 8 * 8 * 27 + 8 * 64, r.macs());
        assertEquals(r.macs(), stack.macs(shape));
        assertEquals(2 * r.macs(), r.flops());
        assertArrayEquals(new int[] {1, 8}, r.outputShape());
        assertArrayEquals(new int[] {1, 8}, stack.forward(Tensor.zeros(shape)).shape());
        // conv 3 -> pool 2 at jump 1 -> 4, jump 2 -> global over 4x4 at jump 2 -> 4 + 3*2 = 10, jump 8
        assertEquals(ReceptiveField.of2d(10, 10, 8, 8), r.receptiveField().orElseThrow());
        assertEquals(5, r.layers().size());
        assertEquals(ReceptiveField.of2d(3, 3, 1, 1), r.cumulativeReceptiveFields().get(2).orElseThrow());
        String table = r.toString();
        for (String line : List.of("Total params: 256", "Total MACs: 14,336 (FLOPs 28,672)", "Output shape: [1, 8]",
                "Receptive field: 10x10 (jump 8x8)")) {
            assertTrue(table.contains(line + "\n"), "table lacks '" + line + "':\n" + table);
        }
        for (String row : List.of("BatchNorm(8, eps=1.0E-5)", "[1, 8, 8, 8]", "512", "MaxPool2d(k=2x2, s=2x2, p=0x0)",
                "4x4 (jump 2x2)", "GlobalAvgPool", "10x10 (jump 8x8)")) {
            assertTrue(table.contains(row), "table lacks '" + row + "':\n" + table);
        }
        // The one-row report of the whole stack, for nesting
        LayerReport one = stack.report(shape);
        assertEquals(new LayerReport("Sequential(5 layers)", shape, new int[] {1, 8}, 256, 14336,
                ReceptiveField.of2d(10, 10, 8, 8)), one);
        // GlobalAvgPool has no shape-free field
        assertThrows(IllegalStateException.class, stack::receptiveField);
    }

    /**
     * BatchNorm MACs 3*2*5*5 = 150; pool: ceil((5+2-3)/2)+1 = 3 (the last window starts at 4 < 5+1, kept);
     * field: pool 3 at jump 2, then global over 3x3: 3 + 2*2 = 7 at jump 6.
     */
    @Test
    void tableLayoutExactly() {
        Tensor ones = Tensor.of(new float[] {1, 1}, 2);
        Sequential stack = new Sequential(new BatchNorm(Tensor.zeros(2), ones, null, null),
                new Activation(ActivationFunction.gelu(), Kernels.scalar()), new MaxPool2d(PoolWindow.of(3, 2, 1), true),
                new GlobalAvgPool());
        String expected = String.join("\n",
                "#  Layer                                           Output shape  Params  MACs  Receptive field (stack)",
                "======================================================================================================",
                "   input                                           [3, 2, 5, 5]                1x1 (jump 1x1)",
                "0  BatchNorm(2, eps=1.0E-5, affine=False)          [3, 2, 5, 5]       4   150  1x1 (jump 1x1)",
                "1  GELU                                            [3, 2, 5, 5]       0     0  1x1 (jump 1x1)",
                "2  MaxPool2d(k=3x3, s=2x2, p=1x1, ceil_mode=True)  [3, 2, 3, 3]       0     0  3x3 (jump 2x2)",
                "3  GlobalAvgPool                                   [3, 2]             0     0  7x7 (jump 6x6)",
                "======================================================================================================",
                "Total params: 4",
                "Total MACs: 150 (FLOPs 300)",
                "Output shape: [3, 2]",
                "Receptive field: 7x7 (jump 6x6)",
                "");
        assertEquals(expected, stack.stackReport(new int[] {3, 2, 5, 5}).toString());
    }

    @Test
    void nestedStacksComposeLikeFlatOnes() {
        Kernels k = Kernels.scalar();
        Sequential inner = textbookStack(k);
        Sequential outer = new Sequential(inner, new MaxPool2d(2), new Activation(ActivationFunction.sigmoid(), k));
        int[] shape = {2, 1, 16, 16};
        StackReport r = outer.stackReport(shape);
        // 10 at jump 2, then a 2x2 pool: 10 + 1*2 = 12 at jump 4
        assertEquals(ReceptiveField.of2d(12, 12, 4, 4), r.receptiveField().orElseThrow());
        assertEquals(ReceptiveField.of2d(12, 12, 4, 4), outer.receptiveField());
        assertArrayEquals(new int[] {2, 1, 4, 4}, r.outputShape());
        Tensor x = LayerTestKit.random(new SplittableRandom(4), 1, shape);
        Tensor expected = new MaxPool2d(2).forward(inner.forward(x));
        expected = new Activation(ActivationFunction.sigmoid(), k).forward(expected);
        assertArrayEquals(expected.data(), outer.forward(x).data());
        assertEquals(inner.parameterCount(), outer.parameterCount());
    }

    /** A layer claiming a 1-axis field while keeping a 2D shape, as a reshape-then-1D layer would. */
    private static final class OneAxisLayer implements Layer {
        public String describe() {
            return "OneAxis";
        }

        public int[] outputShape(int[] inputShape) {
            return inputShape.clone();
        }

        public Tensor forward(Tensor input) {
            return input.copy();
        }

        public long parameterCount() {
            return 0;
        }

        public long macs(int[] inputShape) {
            return 0;
        }

        public ReceptiveField receptiveField() {
            return ReceptiveField.of1d(3, 1);
        }
    }

    @Test
    void mismatchedAxesLeaveTheFieldUnknown() {
        Sequential stack = new Sequential(new MaxPool2d(2), new OneAxisLayer(), new MaxPool2d(2));
        StackReport r = stack.stackReport(new int[] {1, 1, 8, 8});
        assertTrue(r.receptiveField().isEmpty());
        assertTrue(r.cumulativeReceptiveFields().get(0).isPresent());
        assertTrue(r.cumulativeReceptiveFields().get(1).isEmpty());
        assertTrue(r.cumulativeReceptiveFields().get(2).isEmpty());
        assertTrue(r.receptiveFieldProblem().orElseThrow().contains("layer 1 (OneAxis) has a 1-axis receptive field, "
                + "the stack's has 2 axes"), r.receptiveFieldProblem().orElseThrow());
        assertTrue(r.toString().contains("Receptive field: unknown: layer 1 (OneAxis)"), r.toString());
        assertThrows(IllegalStateException.class, () -> stack.report(new int[] {1, 1, 8, 8}));
        assertThrows(IllegalStateException.class, stack::receptiveField);
    }

    @Test
    void emptyStackIsTheIdentity() {
        Sequential empty = new Sequential();
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 1, 3);
        Tensor y = empty.forward(x);
        assertArrayEquals(x.data(), y.data());
        assertTrue(y != x, "a fresh tensor, as every layer returns");
        StackReport r = empty.stackReport(new int[] {1, 1, 3});
        assertEquals(ReceptiveField.identity(1), r.receptiveField().orElseThrow());
        assertArrayEquals(new int[] {1, 1, 3}, r.outputShape());
        assertEquals(0, r.macs());
    }

    @Test
    void errorsNameTheLayer() {
        Sequential stack = new Sequential(new MaxPool2d(2), new Activation(ActivationFunction.relu(), Kernels.scalar()),
                new MaxPool2d(2));
        assertMessage(() -> stack.outputShape(new int[] {1, 1, 3, 8}),
                "Sequential layer 2 (MaxPool2d(k=2x2, s=2x2, p=0x0)): MaxPool2d height: input size 1 is too small");
        assertMessage(() -> stack.forward(Tensor.zeros(1, 1, 3, 8)), "Sequential layer 2");
        assertMessage(() -> stack.stackReport(new int[] {1, 1, 8}), "Sequential layer 0 (MaxPool2d");
        assertMessage(() -> new Sequential(new MaxPool2d(2), null), "Sequential layer 1 is null");
        assertMessage(() -> new StackReport(new int[] {1, 1, 4, 4}, List.of(new MaxPool2d(2).report(new int[] {1, 1, 8, 8}))),
                "reports input [1, 1, 8, 8] but the previous output is [1, 1, 4, 4]");
        assertEquals("Sequential(3 layers)", stack.describe());
        assertEquals(3, stack.layers().size());
    }
}
