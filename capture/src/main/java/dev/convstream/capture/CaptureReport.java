package dev.convstream.capture;

/**
 * What {@link CaptureAlignment#check} found besides the aligned data: the measurements behind
 * each check, for {@code convstream capture check} to print.
 *
 * @param aligned           the aligned training and validation data
 * @param layout            the capture signal's layout
 * @param latencyOverridden whether the user gave the latency (the blips were then not used)
 * @param startLatency      the recording's lag at the start blip in samples, sub-sample
 *                          (NaN when overridden)
 * @param endLatency        the lag at the end blip (NaN when overridden)
 * @param startCorrelation  normalised correlation of the recorded start blip with the blip (NaN when overridden)
 * @param endCorrelation    the same at the end blip (NaN when overridden)
 * @param recordedPeakDb    the recording's peak in dBFS
 * @param inputFrames       samples in the capture signal file
 * @param recordedFrames    samples in the recording
 */
public record CaptureReport(AlignedCapture aligned, CaptureLayout layout, boolean latencyOverridden,
                            double startLatency, double endLatency, double startCorrelation, double endCorrelation,
                            double recordedPeakDb, int inputFrames, int recordedFrames) {

    /** End latency minus start latency, in parts per million of the distance between the blips (NaN when overridden). */
    public double driftPpm() {
        double span = layout.endBlip().start() - layout.startBlip().start();
        return (endLatency - startLatency) / span * 1e6;
    }
}
