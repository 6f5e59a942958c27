/**
 * Audio models built from streaming layers: Neural Amp Modeler's WaveNet (A1 and A2, file
 * versions 0.5 to 0.7), LSTM, ConvNet, its slimmable container and its "Linear" FIR, behind
 * {@link dev.convstream.model.StreamingModel}. A user's whole
 * story is: load a file ({@link dev.convstream.model.nam.NamLoader}), {@code newModel},
 * {@code prepare}, then {@code reset} and {@code process}.
 */
package dev.convstream.model;
