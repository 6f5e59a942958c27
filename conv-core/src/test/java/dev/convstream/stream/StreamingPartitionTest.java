package dev.convstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convstream.kernel.Kernels;
import dev.convstream.testing.KernelFamilies;
import dev.convstream.spec.Conv1dSpec;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stream's output does not depend on how it is cut into blocks, bit for bit, in both
 * families: on the direct kernel, on im2col + GEMM (few output channels on the vector family,
 * stride above 1), and with a summation depth above the vector GEMM's depth block.
 */
class StreamingPartitionTest {

    private static final int FRAMES = 3000;

    private static float[] stream(StreamingConv1d conv, float[] in, int cin, int cout, int[] blocks) {
        int outFrames = conv.maxOutputFrames(FRAMES) + 1;
        float[] out = new float[cout * outFrames];
        float[] blockIn = new float[cin * FRAMES];
        float[] blockOut = new float[cout * FRAMES];
        conv.reset();
        int written = 0;
        for (int t = 0, b = 0; t < FRAMES; b++) {
            int n = Math.min(blocks[b % blocks.length], FRAMES - t);
            for (int c = 0; c < cin; c++) {
                System.arraycopy(in, c * FRAMES + t, blockIn, c * n, n);
            }
            int made = conv.process(blockIn, 0, n, blockOut, 0, n, n);
            for (int o = 0; o < cout; o++) {
                System.arraycopy(blockOut, o * n, out, o * outFrames + written, made);
            }
            written += made;
            t += n;
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void everyPartitionGivesTheSameBits(Kernels kernels) {
        Conv1dSpec[] specs = {
            Conv1dSpec.builder(3, 1, 5).dilation(2).causal().build(),    // one output channel: GEMM on vector
            Conv1dSpec.builder(4, 8, 3).dilation(4).causal().build(),    // direct kernel
            Conv1dSpec.builder(3, 5, 4).stride(2).causal().build(),      // stride 2: GEMM
            Conv1dSpec.builder(90, 2, 3).dilation(3).causal().build(),   // depth 270, above the K block
        };
        Random rnd = new Random(9);
        int[][] partitions = {{1}, {7}, {64}, {511}, {1, 7, 64, 511, 3, 16, 17, 200}};
        for (Conv1dSpec spec : specs) {
            float[] w = new float[spec.inChannels() / spec.groups() * spec.outChannels() * spec.kernel()];
            float[] b = new float[spec.outChannels()];
            float[] in = new float[spec.inChannels() * FRAMES];
            for (float[] a : new float[][] {w, b, in}) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) rnd.nextGaussian();
                }
            }
            StreamingConv1d conv = new StreamingConv1d(spec, w, b, kernels);
            conv.prepare(FRAMES);
            float[] whole = stream(conv, in, spec.inChannels(), spec.outChannels(), new int[] {FRAMES});
            for (int[] blocks : partitions) {
                float[] cut = stream(conv, in, spec.inChannels(), spec.outChannels(), blocks);
                for (int i = 0; i < whole.length; i++) {
                    assertEquals(Float.floatToRawIntBits(whole[i]), Float.floatToRawIntBits(cut[i]),
                            kernels.name() + " " + conv + " blocks " + java.util.Arrays.toString(blocks) + " at " + i);
                }
            }
        }
    }
}
