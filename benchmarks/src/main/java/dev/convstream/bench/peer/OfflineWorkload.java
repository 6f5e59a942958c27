package dev.convstream.bench.peer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.convstream.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

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
    private final OnnxSession session;
    private final OnnxTensor ortInput;
    private final OnnxTensor ortOutput;
    private final FloatBuffer ortOutputBuffer;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;

    OfflineWorkload(Forward forward, Tensor input, int[] outputShape, byte[] model, int threads) {
        this.forward = forward;
        this.input = input;
        this.output = Tensor.zeros(outputShape);
        this.session = new OnnxSession(model, threads);
        try {
            FloatBuffer in = direct(input.data().length);
            in.put(0, input.data());
            ortInput = OnnxTensor.createTensor(session.environment(), in, longs(input.shape()));
            ortOutputBuffer = direct(output.data().length);
            ortOutput = OnnxTensor.createTensor(session.environment(), ortOutputBuffer, longs(outputShape));
        } catch (OrtException e) {
            session.close();
            throw new IllegalStateException("ONNX Runtime rejected the tensors", e);
        }
        inputs = Map.of("X", ortInput);
        outputs = Map.of("Y", ortOutput);
    }

    static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    static long[] longs(int[] shape) {
        long[] l = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            l[i] = shape[i];
        }
        return l;
    }

    @Override
    public Object convstream() {
        forward.apply(input, output);
        return output;
    }

    @Override
    public Object onnxruntime() {
        return session.run(inputs, outputs);
    }

    @Override
    public float[] convstreamOutput() {
        return output.data().clone();
    }

    @Override
    public float[] onnxruntimeOutput() {
        float[] out = new float[ortOutputBuffer.capacity()];
        ortOutputBuffer.get(0, out);
        return out;
    }

    @Override
    public void close() {
        ortInput.close();
        ortOutput.close();
        session.close();
    }
}
