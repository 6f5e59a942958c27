package dev.convstream.train;

/**
 * A network trained on whole segments offline; parameters in one flat array in NAM's weight order.
 *
 * <p>Threading: {@link #parameters()} is shared by every workspace; forward and backward only
 * read it, so one thread per {@link Workspace} may run them at once while nobody updates the
 * parameters. A workspace must not be used by two threads at once.
 */
public interface TrainableModel {

    /** Length of {@link #parameters()}. */
    int parameterCount();

    /** Live parameter array, NAM's order (what a .nam "weights" holds); the trainer updates it in place. */
    float[] parameters();

    /** An input segment of length L yields L - receptiveField() + 1 predictions (the last input sample aligned with the last prediction). */
    int receptiveField();

    /** Per-thread scratch for input segments of up to maxInputLength samples. */
    Workspace workspace(int maxInputLength);

    /** Forward over input[offset, offset + length): writes length - receptiveField() + 1 predictions; keeps what backward needs in ws. */
    void forward(Workspace ws, float[] input, int offset, int length, float[] prediction);

    /** Backward of the last forward on ws: ADDS dLoss/dParameters into parameterGrad, given dLoss/dPrediction. */
    void backward(Workspace ws, float[] predictionGrad, float[] parameterGrad);

    /** Opaque per-thread scratch of one model. */
    interface Workspace {
    }
}
