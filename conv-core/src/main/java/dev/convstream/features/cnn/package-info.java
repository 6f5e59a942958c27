/**
 * 2D CNN feature extractors described by a small JSON architecture
 * ({@link dev.convstream.features.cnn.CnnArchitecture}, schema {@code convstream.cnn/1}) with
 * PyTorch-named weights ({@link dev.convstream.features.cnn.CnnWeights}), run offline on
 * conv-core layers or frame by frame, causal in time
 * ({@link dev.convstream.features.cnn.StreamingCnn}).
 */
package dev.convstream.features.cnn;
