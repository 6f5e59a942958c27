package dev.convstream.bench.peer;

import dev.convstream.tensor.Tensor;

/**
 * An offline case: convstream's layer writes into a preallocated output tensor; ONNX Runtime
 * reads a direct input buffer and writes a pinned direct output buffer, so neither side
 * allocates its output per call.
 */
final class OfflineWorkload implements PeerWorkload {

    /** A layer's {@code forward(input, output)}. */
    interface Forward {
        void apply(Tensor input, Tensor output);
    }

    private final Forward forward;
    private final Tensor input;
    private final Tensor output;
    private final OnnxCall onnx;

    OfflineWorkload(Forward forward, Tensor input, int[] outputShape, byte[] model, int threads) {
        this.forward = forward;
        this.input = input;
        this.output = Tensor.zeros(outputShape);
        this.onnx = new OnnxCall(model, threads, input.shape(), outputShape);
        onnx.input().put(0, input.data());
    }

    @Override
    public Object convstream() {
        forward.apply(input, output);
        return output;
    }

    @Override
    public Object onnxruntime() {
        return onnx.run();
    }

    @Override
    public float[] convstreamOutput() {
        return output.data().clone();
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
