/**
 * The fast Fourier transform: {@link dev.convstream.fft.RealFft}, forward and inverse, for any
 * length (iterative radix-2 for powers of two, Bluestein's chirp-z on top of it for every other
 * length), in double, allocation-free after construction.
 *
 * <h2>Why a package of its own</h2>
 * Two unrelated parts of the library transform signals: the spectral front end
 * ({@code features.dsp}: STFT, any {@code n_fft}, forward only) and the partitioned FIR
 * convolution ({@code dev.convstream.fir}: power-of-two sizes, forward and inverse, on the audio
 * thread). The transform belongs to neither, so it sits below both and depends on nothing but
 * the JDK. Hand-written because conv-core may depend on the JDK and Jackson only (Apache-2.0):
 * TarsosDSP's FFT is GPL, and JTransforms (BSD) has not been maintained since 2015.
 */
package dev.convstream.fft;
