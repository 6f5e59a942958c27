package dev.convstream.bench.peer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;

/**
 * An ONNX Runtime session on a model given as bytes: sequential execution, all graph
 * optimisations, {@code threads} intra-op threads (1 = the calling thread only) and one
 * inter-op thread. Runs write into caller-pinned output tensors.
 */
final class OnnxSession implements AutoCloseable {
    private final OrtEnvironment environment;
    private final OrtSession session;

    OnnxSession(byte[] model, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, found " + threads);
        }
        environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(model, options);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime rejected the model: " + e.getMessage(), e);
        }
    }

    OrtEnvironment environment() {
        return environment;
    }

    /** One run into the pinned outputs; the result holds no values of its own, so it is closed at once. */
    Object run(Map<String, OnnxTensor> inputs, Map<String, OnnxTensor> pinnedOutputs) {
        try (OrtSession.Result result = session.run(inputs, pinnedOutputs)) {
            return result;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime run failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX Runtime session failed", e);
        }
    }
}
