/** File formats read and written directly: numpy {@code .npy} and {@code .safetensors}. */
package dev.convstream.features.io;
