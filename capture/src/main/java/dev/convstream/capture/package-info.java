/**
 * Capturing gear for a NAM model, up to the training: {@link dev.convstream.capture.CaptureSignal}
 * renders the versioned capture signal a user plays through their gear
 * ({@link dev.convstream.capture.CaptureLayout} says what is where),
 * {@link dev.convstream.capture.CaptureAlignment} checks the recording of it and takes its
 * latency out ({@link dev.convstream.capture.AlignedCapture}), and
 * {@link dev.convstream.capture.TrainingReportPng} draws how the training went. See docs/capture.md.
 */
package dev.convstream.capture;
