package dev.convstream.bench.peer;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.stream.StreamingConv1d;
import java.util.List;
import java.util.Random;

/**
 * Case (g): a causal conv1d 16->32, k3, dilation 64, fed 64-sample blocks. convstream keeps
 * its history in {@link StreamingConv1d}'s ring buffer and computes only the new block; ONNX
 * Runtime has no state between runs, so each block is a valid (unpadded) conv over a window of
 * the last {@code 128 = dilation * (k - 1)} frames plus the block, shifted along by the caller
 * (the shift is part of its timed call). Both start from silent history. Blocks cycle through
 * a few random ones so the input keeps changing. convstream streaming is single-threaded by
 * design; {@code threads} applies to ONNX Runtime only.
 */
final class StreamingWorkload implements PeerWorkload {
    static final int IN = 16;
    static final int OUT = 32;
    static final int KERNEL = 3;
    static final int DILATION = 64;
    static final int BLOCK = 64;
    static final int HISTORY = DILATION * (KERNEL - 1);
    static final int WINDOW = HISTORY + BLOCK;
    private static final int BLOCKS = 8;

    private final StreamingConv1d conv;
    private final float[][] blocks = new float[BLOCKS][IN * BLOCK];
    private final float[] out = new float[OUT * BLOCK];
    private int convstreamBlock;

    private final OnnxCall onnx;
    private final float[] window = new float[IN * WINDOW];
    private int onnxBlock;

    StreamingWorkload(int threads) {
        Random r = new Random(17);
        Conv1dSpec spec = Conv1dSpec.builder(IN, OUT, KERNEL).dilation(DILATION).causal().build();
        float[] w = new float[OUT * IN * KERNEL];
        float[] b = new float[OUT];
        fill(r, w);
        fill(r, b);
        for (float[] block : blocks) {
            fill(r, block);
        }
        conv = new StreamingConv1d(spec, w, b, Kernels.preferred());
        conv.prepare(BLOCK);
        byte[] model = OnnxModelWriter.singleNode("Conv", List.of(
                new OnnxModelWriter.Ints("kernel_shape", KERNEL),
                new OnnxModelWriter.Ints("dilations", DILATION),
                new OnnxModelWriter.Ints("pads", 0, 0)), 1,
                new int[] {1, IN, WINDOW}, new int[] {1, OUT, BLOCK}, w, new int[] {OUT, IN, KERNEL}, b);
        onnx = new OnnxCall(model, threads, new int[] {1, IN, WINDOW}, new int[] {1, OUT, BLOCK});
    }

    private static void fill(Random r, float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian() * 0.1f;
        }
    }

    @Override
    public Object convstream() {
        float[] in = blocks[convstreamBlock];
        convstreamBlock = (convstreamBlock + 1) % BLOCKS;
        conv.process(in, 0, BLOCK, out, 0, BLOCK, BLOCK);
        return out;
    }

    @Override
    public Object onnxruntime() {
        float[] in = blocks[onnxBlock];
        onnxBlock = (onnxBlock + 1) % BLOCKS;
        for (int c = 0; c < IN; c++) {
            System.arraycopy(window, c * WINDOW + BLOCK, window, c * WINDOW, HISTORY);
            System.arraycopy(in, c * BLOCK, window, c * WINDOW + HISTORY, BLOCK);
        }
        onnx.input().put(0, window);
        return onnx.run();
    }

    @Override
    public float[] convstreamOutput() {
        return out.clone();
    }

    @Override
    public float[] onnxruntimeOutput() {
        return onnx.output();
    }

    @Override
    public void close() {
        onnx.close();
    }
}
