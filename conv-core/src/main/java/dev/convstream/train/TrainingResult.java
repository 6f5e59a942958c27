package dev.convstream.train;

/**
 * What training gave.
 *
 * @param bestParameters    the parameters of the best epoch (lowest validation ESR)
 * @param bestEpoch         that epoch, from 1 (0: stopped before the first epoch ended, and these
 *                          are the parameters at the stop)
 * @param bestValidationEsr that epoch's validation ESR
 * @param validationEsr     the validation ESR of each completed epoch
 * @param stopped           whether a stop request ended training before the last epoch
 */
public record TrainingResult(float[] bestParameters, int bestEpoch, double bestValidationEsr,
        double[] validationEsr, boolean stopped) {
}
