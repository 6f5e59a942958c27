package dev.convstream.model;

import dev.convstream.fir.PartitionedResponse;
import dev.convstream.fir.ZeroLatencyConvolver;
import dev.convstream.kernel.Kernels;

/**
 * NAM's "Linear" model: a mono FIR filter {@code y[t] = bias + sum_i ir[i] x[t-i]}, where
 * {@code ir} is the impulse response as stored in the file (newest tap first). Run by a
 * {@link ZeroLatencyConvolver}: directly in the time domain up to the kernel family's
 * crossover ({@link dev.convstream.kernel.FirPlan#directMaxTaps()}: 1,024 taps with the Vector
 * API, 128 in plain Java), with a partitioned FFT tail beyond (whose cost per sample grows as
 * {@code sqrt L}, not {@code L}), with no latency either way.
 * Silence gives zero history, so its steady state is a plain reset.
 */
public final class Fir implements StreamingModel {

    private final float[] impulseResponse;
    private final float bias;
    private final boolean hasBias;
    private final Kernels kernels;
    private final ZeroLatencyConvolver conv;
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
        conv = new ZeroLatencyConvolver(PartitionedResponse.of(impulseResponse, kernels), bias, kernels);
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
        conv.process(in, inOff, out, outOff, frames);
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
