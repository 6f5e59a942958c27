package dev.convstream.bench.peer;

/** The agreement both engines must show before anything is timed. */
public final class PeerCheck {
    /**
     * Largest allowed |convstream - ONNX Runtime| relative to {@code max(1, max|output|)}. The
     * engines sum the same float32 products in different orders (and ORT may pre-transform
     * weights); each output sums at most 576 products of values ~N(0, 0.1^2), so reordering
     * moves it by a few ulps of the running sum (~1e-7 here), far below 1e-4. A wrong tap, pad
     * or channel shifts outputs by ~1e-2 and fails.
     */
    public static final float TOLERANCE = 1e-4f;

    private PeerCheck() {
    }

    /** Runs both engines {@code calls} times and throws unless they agree. */
    public static void requireAgreement(PeerCase peerCase, PeerWorkload workload, int calls) {
        PeerWorkload.Agreement agreement = workload.compare(calls);
        float diff = agreement.maxDifference();
        float allowed = TOLERANCE * Math.max(1f, agreement.outputScale());
        if (!(diff <= allowed)) {
            throw new IllegalStateException(peerCase + ": convstream and ONNX Runtime differ by " + diff
                    + " (allowed " + allowed + ", output scale " + agreement.outputScale() + ")");
        }
    }
}
