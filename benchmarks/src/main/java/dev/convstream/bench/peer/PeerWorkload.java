package dev.convstream.bench.peer;

/**
 * One case on both engines, with inputs, outputs and sessions allocated up front so that the
 * timed calls do only the convolution (and, for ONNX Runtime, its JNI call).
 */
public interface PeerWorkload extends AutoCloseable {

    /** One convstream call; returns something derived from the output for the JMH blackhole. */
    Object convstream();

    /** One ONNX Runtime call. */
    Object onnxruntime();

    /** convstream's output of the last {@link #convstream()} call, flattened. */
    float[] convstreamOutput();

    /** ONNX Runtime's output of the last {@link #onnxruntime()} call, flattened. */
    float[] onnxruntimeOutput();

    /**
     * Runs both engines {@code calls} times and returns the largest absolute difference seen
     * between their outputs (streaming: over successive blocks).
     */
    float maxDifference(int calls);

    /** The largest output magnitude of the last comparison, to put the difference in scale. */
    float outputScale();

    @Override
    void close();
}
