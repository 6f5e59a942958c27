/**
 * The spectral front end: a hand-written real FFT ({@link dev.convstream.features.dsp.RealFft};
 * radix-2 plus Bluestein, because conv-core may not depend on GPL TarsosDSP and JTransforms is
 * unmaintained), the STFT, mel filterbanks and decibels, each matching librosa's formulas,
 * checked against a numpy/scipy reference in the tests.
 */
package dev.convstream.features.dsp;
