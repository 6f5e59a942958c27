/**
 * The spectral front end: the STFT, mel filterbanks and decibels, each matching librosa's
 * formulas, checked against a numpy/scipy reference in the tests. The transform itself is
 * {@link dev.convstream.fft.RealFft}, shared with the FIR convolution.
 */
package dev.convstream.features.dsp;
