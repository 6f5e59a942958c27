package dev.convstream.plugins.convolver;

import dev.convstream.fir.PartitionedResponse;
import dev.convstream.fir.ZeroLatencyConvolver;
import dev.convstream.kernel.Kernels;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.WarmUp;

/**
 * An impulse response made ready for one {@link ProcessSpec}: one conv-core
 * {@link ZeroLatencyConvolver} per stream channel (a mono response shared by all, or one
 * response channel per stream channel), allocated and JIT-warmed, plus the response's
 * normalisation gain. Built on a control thread, then handed to the audio thread whole through
 * a {@code ResourceSlot}.
 *
 * <p>After {@link #build} the instance belongs to the audio thread.
 */
final class ConvolutionEngine {

    private final ZeroLatencyConvolver[] channels;
    private final float normalisationGain;

    private ConvolutionEngine(ZeroLatencyConvolver[] channels, float normalisationGain) {
        this.channels = channels;
        this.normalisationGain = normalisationGain;
    }

    /**
     * Builds the convolvers for {@code spec}. [main-thread: allocates]
     *
     * The response must be at the host's rate already ({@link ImpulseResponse#atRate}).
     *
     * @throws IllegalArgumentException naming the file when its channel count is neither 1 nor the spec's
     */
    static ConvolutionEngine build(ImpulseResponse ir, ProcessSpec spec, Kernels kernels, WarmUp warmUp) {
        if (ir.channelCount() != 1 && ir.channelCount() != spec.channels()) {
            throw new IllegalArgumentException("impulse response " + ir.source() + " has " + ir.channelCount()
                    + " channels; the stream has " + spec.channels() + ": use a mono response (applied to every"
                    + " channel) or one with " + spec.channels() + " channels");
        }
        PartitionedResponse[] responses = new PartitionedResponse[ir.channelCount()];
        for (int c = 0; c < responses.length; c++) {
            responses[c] = PartitionedResponse.of(ir.channel(c));
        }
        ZeroLatencyConvolver[] convolvers = new ZeroLatencyConvolver[spec.channels()];
        for (int c = 0; c < convolvers.length; c++) {
            convolvers[c] = new ZeroLatencyConvolver(responses[ir.channelCount() == 1 ? 0 : c], kernels);
            convolvers[c].prepare(spec.maxBlockSize());
        }
        warm(convolvers[0], spec.maxBlockSize(), warmUp);
        double l2 = ir.l2Norm();
        float norm = l2 > 0 ? (float) (1 / l2) : 1f;
        return new ConvolutionEngine(convolvers, norm);
    }

    /**
     * Runs a signal through one channel on the loading thread, so the JIT has compiled the head
     * GEMM (Vector API code runs tens of times slower before) and the FFT, for the shapes the
     * audio thread will use, before it needs them: blocks of the host's size, with single
     * frames and odd sizes in between so no branch is left uncompiled (an untaken one
     * deoptimises on first use). Bounds from {@link WarmUp}; the speed counts as stable after
     * {@value WarmUp#STABLE_BLOCKS} host-size block pairs in a row within twice the fastest pair (pairs,
     * so the FFT frames average out).
     */
    private static void warm(ZeroLatencyConvolver conv, int maxBlock, WarmUp warmUp) {
        float[] in = new float[maxBlock];
        float[] out = new float[maxBlock];
        for (int i = 0; i < maxBlock; i++) {
            in[i] = (float) Math.sin(0.05 * i);
        }
        int[] sizes = {maxBlock, maxBlock, 1, Math.min(7, maxBlock), maxBlock, maxBlock, Math.min(64, maxBlock)};
        WarmUp.Run run = warmUp.start();
        long pair = 0;
        for (int i = 0; ; i++) {
            int k = i % sizes.length;
            int n = sizes[k];
            long t0 = System.nanoTime();
            conv.process(in, 0, out, 0, n);
            long took = System.nanoTime() - t0;
            run.ran(n);
            if (k == 0 || k == 4) {
                pair = took;
            } else if (k == 1 || k == 5) {
                run.timed(pair + took);
            }
            if (run.done()) {
                break;
            }
        }
        conv.reset();
    }

    /** The convolver of stream channel {@code c}. [audio-thread] */
    ZeroLatencyConvolver channel(int c) {
        return channels[c];
    }

    /**
     * Linear gain that brings the response's L2 norm (its loudest channel's) to 1, so white
     * noise keeps its level through it. [thread-safe]
     */
    float normalisationGain() {
        return normalisationGain;
    }

    /** Every channel back to silence. [audio-thread] */
    void reset() {
        for (ZeroLatencyConvolver c : channels) {
            c.reset();
        }
    }
}
