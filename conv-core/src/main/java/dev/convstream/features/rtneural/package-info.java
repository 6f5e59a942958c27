/**
 * RTNeural's Keras-export JSON models (dense, conv1d, conv2d, GRU, LSTM, batch norm, PReLU,
 * activations) and PyTorch state_dict exports (conv1d incl. stride, ConvTranspose1d, dense, GRU,
 * LSTM, with a {@code TorchLayerSpec} list)
 * loaded into causal frame-by-frame models on conv-core's streaming convolutions.
 */
package dev.convstream.features.rtneural;
