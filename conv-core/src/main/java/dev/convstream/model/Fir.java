package dev.convstream.model;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.stream.StreamingConv1d;

/**
 * NAM's "Linear" model: a mono FIR filter {@code y[t] = bias + sum_i ir[i] x[t-i]}, where
 * {@code ir} is the impulse response as stored in the file (newest tap first). Run as one causal
 * {@link StreamingConv1d} with the taps reversed into PyTorch's oldest-first order. Silence
 * gives zero history, so its steady state is a plain reset.
 */
public final class Fir implements StreamingModel {

    private final float[] impulseResponse;
    private final float bias;
    private final boolean hasBias;
    private final Kernels kernels;
    private final StreamingConv1d conv;
    private int maxBlock;

    /** @param bias the output bias, or null for none */
    public Fir(float[] impulseResponse, Float bias, Kernels kernels) {
        if (impulseResponse == null || impulseResponse.length == 0) {
            throw new IllegalArgumentException("impulse response must have at least one tap");
        }
        this.impulseResponse = impulseResponse.clone();
        this.hasBias = bias != null;
        this.bias = hasBias ? bias : 0f;
        this.kernels = kernels;
        int k = impulseResponse.length;
        float[] w = new float[k];
        for (int i = 0; i < k; i++) {
            w[k - 1 - i] = impulseResponse[i];
        }
        conv = new StreamingConv1d(Conv1dSpec.builder(1, 1, k).causal().bias(hasBias).build(), w,
                hasBias ? new float[] {this.bias} : null, kernels);
    }

    @Override
    public void prepare(int maxBlockSize) {
        conv.prepare(maxBlockSize);
        maxBlock = maxBlockSize;
    }

    @Override
    public void reset() {
        conv.reset();
    }

    @Override
    public void process(float[] in, int inOff, float[] out, int outOff, int frames) {
        if (maxBlock == 0) {
            throw new IllegalStateException("Fir used before prepare(maxBlockSize)");
        }
        // single channel: the stride arguments are unused, the conv checks both ranges
        conv.process(in, inOff, frames, out, outOff, frames, frames);
    }

    @Override
    public int latency() {
        return 0;
    }

    @Override
    public int receptiveField() {
        return impulseResponse.length;
    }

    @Override
    public Fir newInstance() {
        return new Fir(impulseResponse, hasBias ? bias : null, kernels);
    }
}
