/**
 * Activation functions: the one library of element-wise (and per-channel softmax) functions
 * that layers, models and streaming stacks apply in place over float arrays, plus WaveNet's
 * {@link dev.convstream.activation.Gate}.
 *
 * <p>Why a package of its own rather than {@code layer}: a function here is not a
 * {@link dev.convstream.layer.Layer} (no tensor, no shape, no receptive field) and its users sit
 * in several packages (the {@code layer.Activation} layer, {@code model.WaveNet}, the streaming
 * CNN and RTNeural stacks in {@code features}), none of which should reach into another's
 * package for its math. It sits just above {@code kernel}, whose {@code ElementwiseMath} computes
 * tanh and sigmoid, and below everything else.
 *
 * <p>Model formats do not define functions: each loader keeps only a name table from its
 * format's names to {@link dev.convstream.activation.ActivationFunction} values (NAM:
 * {@code model.nam.NamActivations}; PyTorch: {@code features.cnn.CnnArchitecture}; Keras:
 * {@code features.rtneural.RtNeuralLoader}). A new activation goes into
 * {@code ActivationFunction}, then into the tables of the formats that name it.
 */
package dev.convstream.activation;
