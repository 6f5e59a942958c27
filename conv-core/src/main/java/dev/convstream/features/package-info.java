/**
 * Spectrogram features, offline and live, on the JDK and Jackson only.
 *
 * <h2>Layout (one convention everywhere in this package)</h2>
 * A log-mel spectrogram tensor is {@code [1][1][frames][n_mels]}: PyTorch's
 * {@code [N][C][H][W]} with H = time frame and W = mel band, the axes of conv-core's
 * {@link dev.convstream.stream.StreamingConv2d} (which streams H). One time step is one
 * contiguous row of {@code n_mels} values, which is what a live front end produces. librosa's
 * own layout {@code [n_mels][frames]} is available from
 * {@link dev.convstream.features.LogMelSpectrogram#computeLibrosaLayout}. CNN features per frame
 * are {@code [N][C][frames]}; a clip embedding is {@code [N][C]}.
 *
 * <h2>Entry points</h2>
 * <ul>
 * <li>{@link dev.convstream.features.LogMelSpectrogram#compute(float[], int)}: mono audio to a
 *     log-mel tensor ({@link dev.convstream.features.LogMelConfig}, librosa's parameters);</li>
 * <li>{@link dev.convstream.features.SpectralFeatures#compute(float[], int)}: mono audio to
 *     log-mel, mel, MFCC or linear STFT features in either layout, as a
 *     {@link dev.convstream.features.FeatureSpec} says (librosa's defaults and names);</li>
 * <li>{@link dev.convstream.features.FeatureExtractor#load} and
 *     {@link dev.convstream.features.FeatureExtractor#forward}: a 2D CNN from an architecture
 *     JSON and {@code .safetensors} weights;</li>
 * <li>{@link dev.convstream.features.StreamingFeatureExtractor}: audio blocks of any size to one
 *     feature vector per STFT frame, real-time safe;</li>
 * <li>{@link dev.convstream.features.io.Npy#write}: numpy-readable float32 output;</li>
 * <li>{@link dev.convstream.features.rtneural.RtNeuralLoader}: RTNeural's Keras-export JSON
 *     models as causal streaming models.</li>
 * </ul>
 */
package dev.convstream.features;
