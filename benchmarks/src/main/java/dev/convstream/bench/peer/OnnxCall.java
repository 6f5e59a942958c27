package dev.convstream.bench.peer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * A one-node model's session with its input {@code X} and output {@code Y} bound once to direct
 * buffers, so that a timed {@link #run()} is only the JNI call. Both workloads use it.
 */
final class OnnxCall implements AutoCloseable {
    private final OnnxSession session;
    private final FloatBuffer input;
    private final FloatBuffer output;
    private final OnnxTensor x;
    private final OnnxTensor y;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;

    OnnxCall(byte[] model, int threads, int[] inputShape, int[] outputShape) {
        session = new OnnxSession(model, threads);
        input = direct(size(inputShape));
        output = direct(size(outputShape));
        try {
            x = OnnxTensor.createTensor(session.environment(), input, longs(inputShape));
            y = OnnxTensor.createTensor(session.environment(), output, longs(outputShape));
        } catch (OrtException e) {
            session.close();
            throw new IllegalStateException("ONNX Runtime rejected the tensors", e);
        }
        inputs = Map.of("X", x);
        outputs = Map.of("Y", y);
    }

    /** The buffer behind {@code X}: write the next input here before {@link #run()}. */
    FloatBuffer input() {
        return input;
    }

    Object run() {
        return session.run(inputs, outputs);
    }

    /** A copy of {@code Y} after the last run. */
    float[] output() {
        float[] out = new float[output.capacity()];
        output.get(0, out);
        return out;
    }

    @Override
    public void close() {
        x.close();
        y.close();
        session.close();
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    private static long[] longs(int[] shape) {
        long[] l = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            l[i] = shape[i];
        }
        return l;
    }
}
