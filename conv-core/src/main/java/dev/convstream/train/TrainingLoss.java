package dev.convstream.train;

/**
 * A loss over a mini-batch of segments, written as a sum of one term per segment so workers can
 * compute their segments' terms and gradients independently and the trainer can add them in a
 * fixed order. A loss that normalises by the whole batch (ESR's target energy) gets that sum
 * first, through {@link #targetEnergy} added over the batch in segment order.
 */
public interface TrainingLoss {
    /**
     * This segment's share of the batch normaliser: {@code target[offset, offset + length)}'s
     * energy as this loss measures it; 0 when the loss needs none.
     */
    double targetEnergy(float[] target, int offset, int length);

    /** Per-thread scratch for segments of up to {@code maxLength} predictions. */
    Scratch scratch(int maxLength);

    /**
     * One segment's term of the batch loss; writes {@code dLoss/dPrediction} (of the whole
     * batch loss) into {@code gradient[0, length)}.
     *
     * @param batchEnergy the sum of {@link #targetEnergy} over the batch
     * @param batchSize   segments in the batch
     */
    double segment(Scratch scratch, float[] prediction, float[] target, int targetOffset, int length,
            double batchEnergy, int batchSize, float[] gradient);

    /** Per-thread scratch of a loss; losses that need none return a shared empty one. */
    interface Scratch {
    }

    /** The scratch of losses that need none. */
    Scratch NO_SCRATCH = new Scratch() {
    };
}
