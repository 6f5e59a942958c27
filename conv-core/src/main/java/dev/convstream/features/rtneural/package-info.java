/**
 * RTNeural's Keras-export JSON models (dense, conv1d, conv2d, batch norm, PReLU, activations)
 * loaded into causal frame-by-frame models on conv-core's streaming convolutions.
 */
package dev.convstream.features.rtneural;
