/**
 * Backward passes of the layers a NAM WaveNet is built from, over whole segments, for training:
 * a dilated, grouped 1D convolution with bias ({@link dev.convstream.grad.Conv1dGrad}; a 1x1 is
 * its kernel-1 case), the activations and the gate ({@link dev.convstream.grad.ActivationGrad}),
 * and the WaveNet head ({@link dev.convstream.grad.HeadGrad}). The forward passes run on the
 * kernel family's streaming convolution (the kernel inference uses); the input gradient, a
 * transposed convolution, runs on the same kernel with flipped weights over a zero-padded output
 * gradient; the weight gradient, a correlation of input with output gradient, runs on the family's
 * {@link dev.convstream.kernel.RowDots} (vectorised along time). Equations and layouts: {@code docs/training-internals.md}.
 */
package dev.convstream.grad;
