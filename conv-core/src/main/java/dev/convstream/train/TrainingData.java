package dev.convstream.train;

import dev.convstream.check.Require;

/**
 * What a model trains on: input and target of the training section, input and target of the
 * held-out validation section (never trained on), aligned sample for sample (latency already
 * compensated), at {@code sampleRate}.
 */
public record TrainingData(float[] trainInput, float[] trainTarget, float[] validationInput,
        float[] validationTarget, int sampleRate) {

    public TrainingData {
        Require.notNull("trainInput", trainInput);
        Require.notNull("trainTarget", trainTarget);
        Require.notNull("validationInput", validationInput);
        Require.notNull("validationTarget", validationTarget);
        Require.atLeastOne("sampleRate", sampleRate);
        if (trainInput.length != trainTarget.length) {
            throw new IllegalArgumentException("trainTarget must have as many samples as trainInput ("
                    + trainInput.length + "), found " + trainTarget.length);
        }
        if (validationInput.length != validationTarget.length) {
            throw new IllegalArgumentException("validationTarget must have as many samples as validationInput ("
                    + validationInput.length + "), found " + validationTarget.length);
        }
        Require.atLeastOne("trainInput length", trainInput.length);
        Require.atLeastOne("validationInput length", validationInput.length);
    }
}
