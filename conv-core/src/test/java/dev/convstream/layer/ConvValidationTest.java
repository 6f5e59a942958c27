package dev.convstream.layer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.ConvTranspose1dSpec;
import dev.convstream.spec.ConvTranspose2dSpec;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad specs, tensors and inputs fail with a message naming the thing at fault. */
class ConvValidationTest {
    private static final Kernels K = Kernels.scalar();

    private static void assertMessage(String expected, Executable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '"
                + expected + "'");
    }

    @Test
    void channelsNotDivisibleByGroups() {
        assertMessage("in_channels 6 is not divisible by groups 4",
                () -> Conv2dSpec.builder(6, 8, 3).groups(4).build());
        assertMessage("out_channels 6 is not divisible by groups 4",
                () -> Conv1dSpec.builder(8, 6, 3).groups(4).build());
        assertMessage("in_channels 6 is not divisible by groups 4",
                () -> ConvTranspose1dSpec.of(6, 8, 3, 1, 0, 0, 1, 4, true));
    }

    @Test
    void reflectPaddingLargerThanTheInput() {
        Conv2dSpec spec = Conv2dSpec.builder(1, 1, 3).padding(1, 3).paddingMode(PaddingMode.REFLECT).build();
        Conv2d conv = new Conv2d(spec, Tensor.zeros(1, 1, 3, 3), Tensor.zeros(1), K);
        assertMessage("reflect padding 3 on width needs an input larger than the padding, found size 3",
                () -> conv.forward(Tensor.zeros(1, 1, 5, 3)));
        Conv1dSpec spec1 = Conv1dSpec.builder(1, 1, 5).same().paddingMode(PaddingMode.REFLECT).build();
        Conv1d conv1 = new Conv1d(spec1, Tensor.zeros(1, 1, 5), Tensor.zeros(1), K);
        assertMessage("reflect padding 2 on length", () -> conv1.forward(Tensor.zeros(1, 1, 2)));
        Conv1dSpec circular = Conv1dSpec.builder(1, 1, 3).padding(4).paddingMode(PaddingMode.CIRCULAR).build();
        assertMessage("circular padding 4 on length", () -> new Conv1d(circular, Tensor.zeros(1, 1, 3),
                Tensor.zeros(1), K).forward(Tensor.zeros(1, 1, 3)));
    }

    @Test
    void wrongInputChannelsOrRank() {
        Conv2d conv = new Conv2d(Conv2dSpec.builder(3, 4, 3).build(), Tensor.zeros(4, 3, 3, 3), Tensor.zeros(4), K);
        assertMessage("Conv2d expects 3 input channels, found 4", () -> conv.forward(Tensor.zeros(1, 4, 8, 8)));
        assertMessage("Conv2d expects input of rank 4", () -> conv.forward(Tensor.zeros(3, 8, 8)));
        Conv1d conv1 = new Conv1d(Conv1dSpec.builder(2, 2, 3).build(), Tensor.zeros(2, 2, 3), Tensor.zeros(2), K);
        assertMessage("Conv1d expects 2 input channels, found 3", () -> conv1.forward(Tensor.zeros(1, 3, 8)));
        assertMessage("Conv1d expects input of rank 3", () -> conv1.forward(Tensor.zeros(1, 2, 8, 8)));
        ConvTranspose1d up = new ConvTranspose1d(ConvTranspose1dSpec.of(2, 3, 4, 2, 1, 0, 1, 1, false),
                Tensor.zeros(2, 3, 4), null, K);
        assertMessage("ConvTranspose1d expects 2 input channels, found 3", () -> up.forward(Tensor.zeros(1, 3, 8)));
        ConvTranspose2d up2 = new ConvTranspose2d(ConvTranspose2dSpec.of(2, 3, 4, 2, 1, 0, 1, 1, false),
                Tensor.zeros(2, 3, 4, 4), null, K);
        assertMessage("ConvTranspose2d expects input of rank 4", () -> up2.forward(Tensor.zeros(1, 2, 8)));
    }

    @Test
    void inputTooSmallForTheKernel() {
        Conv2d conv = new Conv2d(Conv2dSpec.builder(1, 1, 3, 5).build(), Tensor.zeros(1, 1, 3, 5), Tensor.zeros(1), K);
        assertMessage("width: padded input size 4 is smaller than the dilated kernel size 5",
                () -> conv.forward(Tensor.zeros(1, 1, 9, 4)));
        assertMessage("width: padded input size 4", () -> conv.macs(new int[] {1, 1, 9, 4}));
    }

    @Test
    void weightShapeIsChecked() {
        assertMessage("weight has shape [4, 3, 3, 3], expected [4, 3, 3, 2]",
                () -> new Conv2d(Conv2dSpec.builder(3, 4, 3, 2).build(), Tensor.zeros(4, 3, 3, 3), Tensor.zeros(4), K));
        assertMessage("weight has shape [4, 4, 3], expected [4, 2, 3]",
                () -> new Conv1d(Conv1dSpec.builder(4, 4, 3).groups(2).build(), Tensor.zeros(4, 4, 3),
                        Tensor.zeros(4), K));
        // Transposed weights are [in][out/groups][k]: the conv layout must be rejected.
        assertMessage("weight has shape [6, 2, 3], expected [2, 3, 3]",
                () -> new ConvTranspose1d(ConvTranspose1dSpec.of(2, 6, 3, 1, 0, 0, 1, 2, false), Tensor.zeros(6, 2, 3),
                        null, K));
        assertMessage("weight has shape [3, 2, 4, 4], expected [2, 3, 4, 4]",
                () -> new ConvTranspose2d(ConvTranspose2dSpec.of(2, 3, 4, 2, 1, 0, 1, 1, false),
                        Tensor.zeros(3, 2, 4, 4), null, K));
        assertMessage("weight must not be null",
                () -> new Conv2d(Conv2dSpec.builder(3, 4, 3).build(), null, Tensor.zeros(4), K));
    }

    @Test
    void biasMustMatchTheSpec() {
        Conv2dSpec withBias = Conv2dSpec.builder(3, 4, 3).build();
        Conv2dSpec noBias = Conv2dSpec.builder(3, 4, 3).bias(false).build();
        assertMessage("bias is missing: the spec has bias=true, expected shape [4]",
                () -> new Conv2d(withBias, Tensor.zeros(4, 3, 3, 3), null, K));
        assertMessage("bias was given (shape [4]) but the spec has bias=false",
                () -> new Conv2d(noBias, Tensor.zeros(4, 3, 3, 3), Tensor.zeros(4), K));
        assertMessage("bias has shape [5], expected [4]",
                () -> new Conv2d(withBias, Tensor.zeros(4, 3, 3, 3), Tensor.zeros(5), K));
        assertMessage("bias has shape [2], expected [6]",
                () -> new ConvTranspose1d(ConvTranspose1dSpec.of(2, 6, 3, 1, 0, 0, 1, 2, true), Tensor.zeros(2, 3, 3),
                        Tensor.zeros(2), K));
    }

    @Test
    void transposedSpecLimits() {
        assertMessage("output_padding 2 on length must be >= 0 and smaller than stride or dilation",
                () -> ConvTranspose1dSpec.of(1, 1, 3, 2, 0, 2, 1, 1, true));
        // (1-1)*1 - 1 - 1 + 1*(1-1) + 0 + 1 = -1
        ConvTranspose1d up = new ConvTranspose1d(ConvTranspose1dSpec.of(1, 1, 1, 1, 1, 0, 1, 1, false),
                Tensor.zeros(1, 1, 1), null, K);
        assertMessage("length: transposed output size would be -1", () -> up.forward(Tensor.zeros(1, 1, 1)));
    }

    @Test
    void nullArgumentsAreNamed() {
        Conv2dSpec spec = Conv2dSpec.builder(1, 1, 1).build();
        assertMessage("spec must not be null", () -> new Conv2d(null, Tensor.zeros(1, 1, 1, 1), Tensor.zeros(1), K));
        assertMessage("kernels must not be null",
                () -> new Conv2d(spec, Tensor.zeros(1, 1, 1, 1), Tensor.zeros(1), null));
        Conv2d conv = new Conv2d(spec, Tensor.zeros(1, 1, 1, 1), Tensor.zeros(1), K);
        assertMessage("input must not be null", () -> conv.forward(null));
    }
}
