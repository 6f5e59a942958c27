package dev.convstream.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.convstream.kernel.Kernels;
import dev.convstream.report.ReceptiveField;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.ConvTranspose1dSpec;
import dev.convstream.spec.ConvTranspose2dSpec;
import dev.convstream.spec.Padding;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Output sizes, MACs, parameters, receptive fields and descriptions against values worked out
 * by hand (the arithmetic is in the comments), and the immutability of the layers.
 */
class ConvShapesTest {
    private static final Kernels K = Kernels.scalar();

    private static Tensor zeros(int... shape) {
        return Tensor.zeros(shape);
    }

    @Test
    void conv1dSizes() {
        // floor((10 + 1 + 1 - 2*(3-1) - 1) / 2) + 1 = floor(7/2) + 1 = 4
        Conv1dSpec strided = Conv1dSpec.builder(2, 3, 3).stride(2).padding(1).dilation(2).build();
        Conv1d conv = new Conv1d(strided, zeros(3, 2, 3), zeros(3), K);
        assertArrayEquals(new int[] {5, 3, 4}, conv.forward(zeros(5, 2, 10)).shape());
        assertArrayEquals(new int[] {5, 3, 4}, conv.outputShape(new int[] {5, 2, 10}));
        assertEquals(5L * 3 * 4 * 2 * 3, conv.macs(new int[] {5, 2, 10})); // N Cout L' Cin k
        assertEquals(3 * 2 * 3 + 3, conv.parameterCount());
        assertEquals(ReceptiveField.of1d(5, 2), conv.receptiveField()); // 2*(3-1)+1 = 5, jump 2
        assertEquals("Conv1d(2->3, k=3, s=2, p=1, d=2, g=1, zeros, bias)", conv.describe());

        // causal k=3 d=4: padding 8+0, 16 in -> 16 out; same k=4 d=3: total 9 = 4 before + 5 after
        Conv1dSpec causal = Conv1dSpec.builder(1, 1, 3).dilation(4).causal().build();
        assertEquals(new Padding(8, 0), causal.padding());
        assertEquals(16, causal.outputLength(16));
        Conv1dSpec same = Conv1dSpec.builder(1, 1, 4).dilation(3).same().paddingMode(PaddingMode.REPLICATE)
                .bias(false).build();
        assertEquals(new Padding(4, 5), same.padding());
        Conv1d sameConv = new Conv1d(same, zeros(1, 1, 4), null, K);
        assertArrayEquals(new int[] {1, 1, 11}, sameConv.forward(zeros(1, 1, 11)).shape());
        assertEquals("Conv1d(1->1, k=4, s=1, p=4+5, d=3, g=1, replicate, no bias)", sameConv.describe());
    }

    @Test
    void conv2dSizes() {
        // H: floor((7 + 1 + 1 - 3) / 2) + 1 = 4;  W: floor((9 + 0 + 2 - 2*(5-1) - 1) / 3) + 1 = floor(2/3) + 1 = 1
        Conv2dSpec spec = new Conv2dSpec(4, 6, 3, 5, 2, 3, Padding.of(1), new Padding(0, 2), PaddingMode.ZEROS,
                1, 2, 2, true);
        Conv2d conv = new Conv2d(spec, zeros(6, 2, 3, 5), zeros(6), K);
        assertArrayEquals(new int[] {2, 6, 4, 1}, conv.forward(zeros(2, 4, 7, 9)).shape());
        assertEquals(2L * 6 * 4 * 1 * 2 * 3 * 5, conv.macs(new int[] {2, 4, 7, 9}));
        assertEquals(6 * 2 * 3 * 5 + 6, conv.parameterCount());
        assertEquals(ReceptiveField.of2d(3, 9, 2, 3), conv.receptiveField()); // W span 2*(5-1)+1 = 9
        assertEquals("Conv2d(4->6, k=3x5, s=2x3, p=1x0+2, d=1x2, g=2, zeros, bias)", conv.describe());
    }

    @Test
    void transposedSizes() {
        // (5-1)*2 - 1 - 1 + 1*(3-1) + 1 + 1 = 10
        ConvTranspose1dSpec spec = ConvTranspose1dSpec.of(2, 4, 3, 2, 1, 1, 1, 2, true);
        ConvTranspose1d up = new ConvTranspose1d(spec, zeros(2, 2, 3), zeros(4), K);
        assertArrayEquals(new int[] {1, 4, 10}, up.forward(zeros(1, 2, 5)).shape());
        assertEquals(1L * 2 * 5 * 2 * 3, up.macs(new int[] {1, 2, 5})); // N Cin L (Cout/g) k
        assertEquals(2 * 2 * 3 + 4, up.parameterCount());
        assertEquals(ReceptiveField.of1d(2, 1), up.receptiveField()); // ceil(3/2) = 2, jump 1
        assertEquals("ConvTranspose1d(2->4, k=3, s=2, p=1, op=1, d=1, g=2, bias)", up.describe());

        // asymmetric crop, dilation: (3-1)*3 - 0 - 2 + 4*(2-1) + 0 + 1 = 9; span 5, ceil(5/3) = 2
        ConvTranspose1d dilated = new ConvTranspose1d(new ConvTranspose1dSpec(1, 1, 2, 3, new Padding(0, 2), 0, 4, 1,
                false), zeros(1, 1, 2), null, K);
        assertArrayEquals(new int[] {1, 1, 9}, dilated.forward(zeros(1, 1, 3)).shape());
        assertEquals(ReceptiveField.of1d(2, 1), dilated.receptiveField());

        // benchmark case (f): (28-1)*2 - 2 + 3 + 0 + 1 = 56
        ConvTranspose2dSpec f = ConvTranspose2dSpec.of(64, 32, 4, 2, 1, 0, 1, 1, true);
        ConvTranspose2d up2 = new ConvTranspose2d(f, zeros(64, 32, 4, 4), zeros(32), K);
        assertArrayEquals(new int[] {1, 32, 56, 56}, up2.outputShape(new int[] {1, 64, 28, 28}));
        assertEquals(25_690_112L, up2.macs(new int[] {1, 64, 28, 28})); // 64*28*28*32*16
        assertEquals(ReceptiveField.of2d(2, 2, 1, 1), up2.receptiveField());
        assertEquals("ConvTranspose2d(64->32, k=4x4, s=2x2, p=1x1, op=0x0, d=1x1, g=1, bias)", up2.describe());
    }

    /** The MAC counts quoted in the benchmark's Javadoc. */
    @Test
    void benchmarkCaseMacs() {
        for (int d : new int[] {1, 8, 64, 512}) {
            Conv1dSpec a = Conv1dSpec.builder(16, 32, 3).dilation(d).causal().build();
            assertEquals(6_291_456L, new Conv1d(a, zeros(a.weightShape()), zeros(32), K).macs(new int[] {1, 16, 4096}));
        }
        Conv1dSpec b = Conv1dSpec.builder(16, 16, 1).build();
        assertEquals(1_048_576L, new Conv1d(b, zeros(b.weightShape()), zeros(16), K).macs(new int[] {1, 16, 4096}));
        Conv2dSpec c = Conv2dSpec.builder(1, 32, 3).padding(1).build();
        assertEquals(18_874_368L, new Conv2d(c, zeros(c.weightShape()), zeros(32), K).macs(new int[] {1, 1, 128, 512}));
        Conv2dSpec d = Conv2dSpec.builder(64, 64, 3).padding(1).build();
        assertEquals(115_605_504L, new Conv2d(d, zeros(d.weightShape()), zeros(64), K).macs(new int[] {1, 64, 56, 56}));
        Conv2dSpec e = Conv2dSpec.builder(128, 128, 3).groups(128).padding(1).build();
        assertEquals(3_612_672L, new Conv2d(e, zeros(e.weightShape()), zeros(128), K).macs(new int[] {1, 128, 56, 56}));
    }

    @Test
    void layersCopyTheirWeightsAndHandOutCopies() {
        Tensor w = Tensor.of(new float[] {1, 2, 3}, 1, 1, 3);
        Tensor b = Tensor.of(new float[] {0.5f}, 1);
        Conv1d conv = new Conv1d(Conv1dSpec.builder(1, 1, 3).build(), w, b, K);
        Tensor x = Tensor.of(new float[] {1, 0, 0, 1}, 1, 1, 4);
        float[] before = conv.forward(x).data().clone();
        assertArrayEquals(new float[] {1.5f, 3.5f}, before); // [1,0,0].[1,2,3] + .5, [0,0,1].[1,2,3] + .5
        w.data()[0] = 100;
        b.data()[0] = 100;
        conv.weight().data()[1] = 100;
        conv.bias().data()[0] = 100;
        assertArrayEquals(before, conv.forward(x).data());
        assertArrayEquals(new int[] {1, 1, 3}, conv.weight().shape());
        assertArrayEquals(new float[] {1, 2, 3}, conv.weight().data());

        ConvTranspose2d up = new ConvTranspose2d(ConvTranspose2dSpec.of(1, 2, 2, 1, 0, 0, 1, 1, false),
                Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2), null, K);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, up.weight().data());
        assertNull(up.bias());
        up.weight().data()[0] = 9;
        assertEquals(1f, up.weight().data()[0]);
    }
}
