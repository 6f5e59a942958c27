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
     * between their outputs (streaming: block by block from the current states, so call it on a
     * fresh workload for equal histories), with the largest output magnitude to put it in scale.
     */
    default Agreement compare(int calls) {
        float worst = 0f;
        float scale = 0f;
        for (int i = 0; i < calls; i++) {
            convstream();
            onnxruntime();
            float[] a = convstreamOutput();
            float[] b = onnxruntimeOutput();
            for (int j = 0; j < a.length; j++) {
                worst = Math.max(worst, Math.abs(a[j] - b[j]));
                scale = Math.max(scale, Math.abs(b[j]));
            }
        }
        return new Agreement(worst, scale);
    }

    /** The largest |convstream - ONNX Runtime| of a comparison and the largest |output| it saw. */
    record Agreement(float maxDifference, float outputScale) {
    }

    @Override
    void close();
}
