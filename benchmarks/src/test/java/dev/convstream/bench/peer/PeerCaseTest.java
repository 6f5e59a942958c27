package dev.convstream.bench.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Guards the side-by-side benchmark: every one-node model the writer produces loads into ONNX
 * Runtime (which validates the protobuf and the node), and both engines agree on every case,
 * single-threaded and with 2 threads.
 */
class PeerCaseTest {

    @ParameterizedTest
    @EnumSource(PeerCase.class)
    void enginesAgreeOnOneThread(PeerCase peerCase) {
        try (PeerWorkload w = peerCase.open(1)) {
            PeerWorkload.Agreement agreement = w.compare(3);
            float diff = agreement.maxDifference();
            assertTrue(agreement.outputScale() > 0.05f, "outputs must not be (nearly) all zero: " + agreement.outputScale());
            assertTrue(diff <= PeerCheck.TOLERANCE * Math.max(1f, agreement.outputScale()),
                    peerCase + " differs by " + diff);
        }
    }

    @ParameterizedTest
    @EnumSource(PeerCase.class)
    void enginesAgreeOnTwoThreads(PeerCase peerCase) {
        try (PeerWorkload w = peerCase.open(2)) {
            PeerCheck.requireAgreement(peerCase, w, 2);
        }
    }

    /** The check must be able to fail: a model whose pads differ from the layer's is caught. */
    @Test
    void mismatchedModelIsCaught() {
        float[] w = {1f, 2f, 3f};
        byte[] model = OnnxModelWriter.singleNode("Conv", List.of(
                new OnnxModelWriter.Ints("kernel_shape", 3),
                new OnnxModelWriter.Ints("pads", 0, 2)), 1,
                new int[] {1, 1, 8}, new int[] {1, 1, 8}, w, new int[] {1, 1, 3}, null);
        dev.convstream.tensor.Tensor input = dev.convstream.tensor.Tensor.zeros(1, 1, 8);
        for (int i = 0; i < 8; i++) {
            input.data()[i] = i + 1;
        }
        dev.convstream.layer.Conv1d causal = new dev.convstream.layer.Conv1d(
                dev.convstream.spec.Conv1dSpec.builder(1, 1, 3).causal().bias(false).build(),
                dev.convstream.tensor.Tensor.of(w, 1, 1, 3), null);
        try (OfflineWorkload wl = new OfflineWorkload(causal::forward, input, new int[] {1, 1, 8}, model, 1)) {
            float diff = wl.compare(1).maxDifference();
            // causal: y[0] = 3*x[0] = 3; pads (0, 2): y[0] = x0 + 2 x1 + 3 x2 = 14
            float[] ort = wl.onnxruntimeOutput();
            assertEquals(14f, ort[0], 0f);
            assertEquals(3f, wl.convstreamOutput()[0], 0f);
            assertTrue(diff > 1f);
            assertThrows(IllegalStateException.class,
                    () -> PeerCheck.requireAgreement(PeerCase.B_POINTWISE, wl, 1));
        }
    }

    @Test
    void malformedModelIsRejectedByOnnxRuntime() {
        byte[] model = OnnxModelWriter.singleNode("NoSuchOp", List.of(), 1,
                new int[] {1, 1, 4}, new int[] {1, 1, 4}, new float[] {1f}, new int[] {1, 1, 1}, null);
        assertThrows(IllegalStateException.class, () -> new OnnxSession(model, 1));
    }
}
