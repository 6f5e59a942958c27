package dev.convstream.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.ConvTranspose1dSpec;
import dev.convstream.spec.ConvTranspose2dSpec;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.AllocationMeter;
import dev.convstream.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A single-task {@code forward(input, output)} into a reused output allocates nothing once warm,
 * on every path: shape checks build no arrays, scratch (padded input, column matrix, GEMM
 * workspace, row starts) is per layer and thread, weights are packed at construction, and no
 * lambda is created when the call is not split. The JIT may still be compiling during the first
 * batches, so each case is measured until a batch allocates nothing, within a deadline.
 */
@Tag("allocation")
class LayerAllocationTest {

    private static final AllocationMeter METER = new AllocationMeter();

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void conv1dPathsDoNotAllocate(Kernels kernels) {
        TestData data = new TestData(3);
        Conv1dSpec dilated = Conv1dSpec.builder(16, 32, 3).dilation(64).causal().build();
        Conv1dSpec pointwise = Conv1dSpec.builder(16, 16, 1).build();
        Conv1dSpec strided = Conv1dSpec.builder(8, 12, 5).stride(2).padding(2).paddingMode(PaddingMode.REFLECT).build();
        Conv1dSpec depthwise = Conv1dSpec.builder(8, 8, 3).groups(8).padding(1).build();
        for (Conv1dSpec spec : new Conv1dSpec[] {dilated, pointwise, strided, depthwise}) {
            Conv1d layer = new Conv1d(spec, data.gaussian(spec.weightShape()), data.gaussian(spec.outChannels()), kernels);
            Tensor x = data.gaussian(2, spec.inChannels(), 700);
            Tensor y = Tensor.zeros(spec.outputShape(x.shape()));
            assertEquals(0, allocated(() -> layer.forward(x, y)), kernels.name() + " " + layer.describe());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void conv2dPathsDoNotAllocate(Kernels kernels) {
        TestData data = new TestData(4);
        Conv2dSpec dense = Conv2dSpec.builder(8, 16, 3).padding(1).build();
        Conv2dSpec pointwise = Conv2dSpec.builder(8, 16, 1).build();
        Conv2dSpec strided = Conv2dSpec.builder(8, 16, 3).stride(2).padding(1).build();
        Conv2dSpec depthwise = Conv2dSpec.builder(8, 8, 3).groups(8).padding(1).build();
        Conv2dSpec reflect = Conv2dSpec.builder(4, 6, 3).padding(1).paddingMode(PaddingMode.REFLECT).groups(2).build();
        for (Conv2dSpec spec : new Conv2dSpec[] {dense, pointwise, strided, depthwise, reflect}) {
            Conv2d layer = new Conv2d(spec, data.gaussian(spec.weightShape()), data.gaussian(spec.outChannels()), kernels);
            Tensor x = data.gaussian(2, spec.inChannels(), 20, 28);
            Tensor y = Tensor.zeros(spec.outputShape(x.shape()));
            assertEquals(0, allocated(() -> layer.forward(x, y)), kernels.name() + " " + layer.describe());
        }
        // A shifted conv cut into bands by a small scratch budget.
        Conv2d banded = new Conv2d(dense, data.gaussian(dense.weightShape()), data.gaussian(16), kernels,
                Conv2d.Path.SHIFTED, 3_000);
        Tensor x = data.gaussian(1, 8, 20, 28);
        Tensor y = Tensor.zeros(dense.outputShape(x.shape()));
        assertEquals(0, allocated(() -> banded.forward(x, y)), kernels.name() + " banded");
    }

    /** The Winograd path, with edge tiles (19 x 27) and blocks that straddle tile rows. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void winogradPathDoesNotAllocate(Kernels kernels) {
        TestData data = new TestData(5);
        Conv2dSpec spec = Conv2dSpec.builder(16, 16, 3).padding(1).paddingMode(PaddingMode.REPLICATE).build();
        Conv2d layer = new Conv2d(spec, data.gaussian(spec.weightShape()), data.gaussian(16), kernels,
                Conv2d.Path.WINOGRAD);
        Tensor x = data.gaussian(2, 16, 19, 27);
        Tensor y = Tensor.zeros(spec.outputShape(x.shape()));
        assertEquals(0, allocated(() -> layer.forward(x, y)), kernels.name() + " " + layer.describe());
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void transposedConvolutionsDoNotAllocate(Kernels kernels) {
        TestData data = new TestData(6);
        ConvTranspose2dSpec up = ConvTranspose2dSpec.of(16, 8, 4, 2, 1, 0, 1, 1, true);
        ConvTranspose2d layer2d = new ConvTranspose2d(up, data.gaussian(up.weightShape()), data.gaussian(8), kernels);
        Tensor x2 = data.gaussian(2, 16, 9, 12);
        Tensor y2 = Tensor.zeros(up.outputShape(x2.shape()));
        assertEquals(0, allocated(() -> layer2d.forward(x2, y2)), kernels.name() + " " + layer2d.describe());
        ConvTranspose1dSpec up1 = ConvTranspose1dSpec.of(8, 4, 3, 3, 0, 0, 1, 1, true);
        ConvTranspose1d layer1d = new ConvTranspose1d(up1, data.gaussian(up1.weightShape()), data.gaussian(4), kernels);
        Tensor x1 = data.gaussian(2, 8, 300);
        Tensor y1 = Tensor.zeros(up1.outputShape(x1.shape()));
        assertEquals(0, allocated(() -> layer1d.forward(x1, y1)), kernels.name() + " " + layer1d.describe());
    }

    /** Generous: C2 compiles the Vector API kernels slowly on a loaded 2-core machine. */
    private static final long DEADLINE_NANOS = 60_000_000_000L;

    /** Bytes a batch of 20 calls allocates once compiled, see {@link AllocationMeter#allocatedOnceCompiled}. */
    private static long allocated(Runnable call) {
        Runnable batch = () -> {
            for (int i = 0; i < 20; i++) {
                call.run();
            }
        };
        return METER.allocatedOnceCompiled(batch, DEADLINE_NANOS);
    }
}
