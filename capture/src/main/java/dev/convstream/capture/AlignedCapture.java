package dev.convstream.capture;

/**
 * A checked capture with the recording's latency taken out: sample {@code i} of each target is
 * what the gear made of sample {@code i} of its input. Training and validation are the capture
 * signal's two parts ({@link CaptureLayout#trainStart()} to {@link CaptureLayout#trainEnd()},
 * {@link CaptureLayout#validationStart()} to {@link CaptureLayout#validationEnd()}); the training
 * never sees the validation part.
 *
 * @param trainInput       the signal's training part
 * @param trainTarget      the recording of it, latency compensated
 * @param validationInput  the signal's validation part
 * @param validationTarget the recording of it, latency compensated
 * @param sampleRate       samples per second of all four
 * @param latencySamples   the samples taken out: how far the recording lagged the signal
 *                         (negative: it led) as the user gave it, or as found from the blips less
 *                         {@link CaptureAlignment#SAFETY_SAMPLES}
 * @param signalVersion    the capture signal's version ({@link CaptureLayout#version()})
 */
public record AlignedCapture(float[] trainInput, float[] trainTarget, float[] validationInput,
                             float[] validationTarget, int sampleRate, int latencySamples, String signalVersion) {
}
