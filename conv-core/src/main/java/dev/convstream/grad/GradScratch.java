package dev.convstream.grad;

import dev.convstream.kernel.Gemm;
import dev.convstream.kernel.Kernels;

/**
 * Per-thread scratch of the backward ops: a GEMM workspace and a few float buffers. A buffer
 * grows (allocates) only when a call needs more than it holds, so a caller that runs the same
 * shapes again and again allocates only on the first pass. Not thread-safe: one per thread.
 */
public final class GradScratch {
    final Gemm.Workspace gemm;
    float[] padded = new float[0];     // an output gradient with zeros around it
    float[] transposed = new float[0]; // an output gradient, frames x channels
    float[] product = new float[0];    // one GEMM result, in x out
    float[] flipped = new float[0];    // weights transposed and reversed in time

    /** Scratch for the ops of {@code kernels}. */
    public GradScratch(Kernels kernels) {
        this.gemm = kernels.gemm().newWorkspace();
    }

    float[] padded(int size) {
        if (padded.length < size) {
            padded = new float[size];
        }
        return padded;
    }

    float[] transposed(int size) {
        if (transposed.length < size) {
            transposed = new float[size];
        }
        return transposed;
    }

    float[] product(int size) {
        if (product.length < size) {
            product = new float[size];
        }
        return product;
    }

    float[] flipped(int size) {
        if (flipped.length < size) {
            flipped = new float[size];
        }
        return flipped;
    }
}
