/**
 * Offline inference layers over whole tensors ({@code [N][C][L]}, {@code [N][C][H][W]}), with
 * PyTorch's semantics, and {@link dev.convstream.layer.Sequential} to stack them.
 *
 * <p>Cost conventions shared by every {@link dev.convstream.layer.Layer} here:
 * <ul>
 *   <li>{@code macs(inputShape)} counts the multiply-accumulates of one forward over the whole
 *       batch (N included). Convolutions count {@code N * Cout * outputs * (Cin/groups) * kernel
 *       taps}, bias additions not counted; batch norm counts one per element
 *       ({@code N * C * spatial}); activations, gates and pooling (max, average, global)
 *       count 0.</li>
 *   <li>{@code parameterCount()} counts learned values and the statistics a layer stores:
 *       weights and biases; for batch norm also the running mean and variance
 *       ({@code 4C}, or {@code 2C} without affine; PyTorch's {@code num_batches_tracked} is not
 *       counted).</li>
 *   <li>{@code receptiveField()} is per spatial axis. Element-wise layers (activations, batch
 *       norm) work on any number of axes and return a 0-axis field, meaning "the identity on
 *       every axis"; their {@code report(inputShape)} gives the identity on the input's axes.
 *       Global pooling's field is its whole input, known only from {@code report(inputShape)}.
 *       {@link dev.convstream.report.StackReport} documents how a stack composes them.</li>
 * </ul>
 */
package dev.convstream.layer;
