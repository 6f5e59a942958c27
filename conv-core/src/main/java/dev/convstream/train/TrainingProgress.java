package dev.convstream.train;

/**
 * Where training is, after a step.
 *
 * @param epoch             the current epoch, from 1
 * @param epochs            epochs to train
 * @param step              the step just taken within the epoch, from 1
 * @param stepsPerEpoch     steps in an epoch
 * @param loss              the training loss of that step's batch
 * @param validationEsr     the last epoch's validation ESR, NaN before the first
 * @param bestValidationEsr the best validation ESR so far, NaN before the first
 * @param elapsedSeconds    seconds since this run (or resumption) started
 * @param etaSeconds        estimated seconds to the end of the last epoch, from this run's pace
 */
public record TrainingProgress(int epoch, int epochs, int step, int stepsPerEpoch, double loss,
        double validationEsr, double bestValidationEsr, double elapsedSeconds, double etaSeconds) {

    /** Steps taken of all epochs' steps, in [0, 1]. */
    public double fraction() {
        return ((epoch - 1) * (double) stepsPerEpoch + step) / ((double) epochs * stepsPerEpoch);
    }
}
