package dev.convstream.train;

import dev.convstream.check.Require;

/**
 * How to train: NAM's trainer defaults ({@link #defaults()}) unless a user says otherwise.
 *
 * @param epochs            epochs to train (NAM: 100)
 * @param batchSize         segments per step (NAM: 16)
 * @param segmentLength     predictions per segment (NAM's {@code ny}: 8192); each input segment is
 *                          {@code segmentLength + receptiveField - 1} samples
 * @param learningRate      Adam's learning rate in the first epoch (NAM: 0.004)
 * @param learningRateDecay factor applied to the learning rate after each epoch (NAM's
 *                          {@code ExponentialLR} with {@code gamma = 1 - lr_decay} = 0.993)
 * @param seed              seeds the order of segments (and nothing else: the model's
 *                          initialisation is its own)
 * @param threads           workers the batch is split over; results are bit-identical for a fixed
 *                          seed and thread count
 * @param loss              the training loss; validation is always plain ESR
 * @param preEmphasis       the loss's pre-emphasis coefficient (NAM: 0.85; 0 for none)
 * @param stepsPerEpoch     steps per epoch, or 0 for one pass over the training section's segments
 */
public record TrainingConfig(int epochs, int batchSize, int segmentLength, double learningRate,
        double learningRateDecay, long seed, int threads, LossKind loss, double preEmphasis, int stepsPerEpoch) {

    /** NAM trainer's epochs ({@code train(epochs=100)}). */
    public static final int NAM_EPOCHS = 100;
    /** NAM trainer's batch size. */
    public static final int NAM_BATCH = 16;
    /** NAM trainer's {@code ny}. */
    public static final int NAM_SEGMENT = 8192;
    /** NAM trainer's learning rate. */
    public static final double NAM_LEARNING_RATE = 0.004;
    /** NAM trainer's {@code 1 - lr_decay} with {@code lr_decay = 0.007}. */
    public static final double NAM_DECAY = 0.993;

    public TrainingConfig {
        Require.atLeastOne("epochs", epochs);
        Require.atLeastOne("batchSize", batchSize);
        Require.atLeastOne("segmentLength", segmentLength);
        Require.positive("learningRate", learningRate);
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException("learningRateDecay must be in (0, 1], found " + learningRateDecay);
        }
        Require.atLeastOne("threads", threads);
        Require.notNull("loss", loss);
        if (!(preEmphasis >= 0 && preEmphasis < 1)) {
            throw new IllegalArgumentException("preEmphasis must be in [0, 1), found " + preEmphasis);
        }
        Require.nonNegative("stepsPerEpoch", stepsPerEpoch);
    }

    /** NAM's defaults, seed 0, one thread per core (at most the batch size), ESR loss. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(NAM_EPOCHS, NAM_BATCH, NAM_SEGMENT, NAM_LEARNING_RATE, NAM_DECAY, 0,
                Math.min(NAM_BATCH, Runtime.getRuntime().availableProcessors()), LossKind.ESR,
                EsrLoss.NAM_PRE_EMPHASIS, 0);
    }

    public TrainingConfig withEpochs(int value) {
        return new TrainingConfig(value, batchSize, segmentLength, learningRate, learningRateDecay, seed, threads,
                loss, preEmphasis, stepsPerEpoch);
    }

    public TrainingConfig withBatchSize(int value) {
        return new TrainingConfig(epochs, value, segmentLength, learningRate, learningRateDecay, seed, threads,
                loss, preEmphasis, stepsPerEpoch);
    }

    public TrainingConfig withSegmentLength(int value) {
        return new TrainingConfig(epochs, batchSize, value, learningRate, learningRateDecay, seed, threads,
                loss, preEmphasis, stepsPerEpoch);
    }

    public TrainingConfig withLearningRate(double value) {
        return new TrainingConfig(epochs, batchSize, segmentLength, value, learningRateDecay, seed, threads,
                loss, preEmphasis, stepsPerEpoch);
    }

    public TrainingConfig withLearningRateDecay(double value) {
        return new TrainingConfig(epochs, batchSize, segmentLength, learningRate, value, seed, threads,
                loss, preEmphasis, stepsPerEpoch);
    }

    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(epochs, batchSize, segmentLength, learningRate, learningRateDecay, value, threads,
                loss, preEmphasis, stepsPerEpoch);
    }

    public TrainingConfig withThreads(int value) {
        return new TrainingConfig(epochs, batchSize, segmentLength, learningRate, learningRateDecay, seed, value,
                loss, preEmphasis, stepsPerEpoch);
    }

    public TrainingConfig withLoss(LossKind value) {
        return new TrainingConfig(epochs, batchSize, segmentLength, learningRate, learningRateDecay, seed, threads,
                value, preEmphasis, stepsPerEpoch);
    }

    public TrainingConfig withStepsPerEpoch(int value) {
        return new TrainingConfig(epochs, batchSize, segmentLength, learningRate, learningRateDecay, seed, threads,
                loss, preEmphasis, value);
    }

    /** Adam's learning rate during epoch {@code epochIndex} (0-based). */
    public double learningRate(int epochIndex) {
        return learningRate * Math.pow(learningRateDecay, epochIndex);
    }
}
