package dev.convstream.plugins.convolver;

import dev.convstream.fir.PartitionedResponse;
import dev.convstream.fir.ZeroLatencyConvolver;
import dev.convstream.kernel.Kernels;
import dev.convstream.plugin.ChannelMapping;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.WarmUp;
import java.util.Arrays;

/**
 * An impulse response made ready for one {@link ProcessSpec}: one conv-core
 * {@link ZeroLatencyConvolver} per output channel, allocated and JIT-warmed, plus the
 * response's normalisation gain. Output channel {@code c} convolves input channel
 * {@link #source(int) source(c)} (channel {@code c}, or channel 0 of a mono input) with
 * response channel {@code c} (or the one channel of a mono response). Built on a control thread, then handed to the audio thread whole through
 * a {@code ResourceSlot}.
 *
 * <p>After {@link #build} the instance belongs to the audio thread.
 */
final class ConvolutionEngine {

    private final ZeroLatencyConvolver[] channels;
    private final boolean monoInput;
    private final float normalisationGain;

    private ConvolutionEngine(ZeroLatencyConvolver[] channels, boolean monoInput, float normalisationGain) {
        this.channels = channels;
        this.monoInput = monoInput;
        this.normalisationGain = normalisationGain;
    }

    /**
     * The mapping of a plugin holding {@code ir} (null: none): a mono response (or none) on
     * every channel alone; a response of K channels maps K -> K and 1 -> K (a mono stream
     * through a stereo response comes out stereo). [thread-safe]
     */
    static ChannelMapping mapping(ImpulseResponse ir) {
        if (ir == null || ir.channelCount() == 1) {
            return ChannelMapping.perChannel();
        }
        int k = ir.channelCount();
        return ChannelMapping.of(1, k).or(k, k).because("impulse response " + ir.source() + " has " + k + " channels");
    }

    /**
     * Builds the convolvers for {@code spec}. [main-thread: allocates]
     *
     * The response must be at the host's rate already ({@link ImpulseResponse#atRate}).
     *
     * Besides the layouts its {@link #mapping} gives, a mono response fills any layout (also one
     * prepared for a wider response, e.g. swapped in while a stereo one plays: it then feeds every
     * output); a wider response needs one channel per output channel.
     *
     * @throws IllegalArgumentException naming the file when its channel count does not fit the spec's
     *                                  input and output channel counts
     */
    static ConvolutionEngine build(ImpulseResponse ir, ProcessSpec spec, Kernels kernels, WarmUp warmUp) {
        int in = spec.channels();
        int out = spec.outputChannels();
        int k = ir.channelCount();
        boolean layoutFits = (in == out || in == 1) && (k == 1 || k == out);
        if (!layoutFits) {
            // Only a response of 2+ channels can miss: a mono one fits every layout prepare accepts.
            throw new IllegalArgumentException("impulse response " + ir.source() + " has " + k + " channels; the"
                    + " plugin was prepared for " + in + " -> " + out + " channels, which takes a mono response or one"
                    + " with " + out + " channels (the output channel count is decided before audio starts: set a"
                    + " response that changes it before prepare)");
        }
        PartitionedResponse[] responses = new PartitionedResponse[k];
        for (int c = 0; c < responses.length; c++) {
            responses[c] = PartitionedResponse.of(ir.channel(c), kernels);
        }
        ZeroLatencyConvolver[] convolvers = new ZeroLatencyConvolver[out];
        for (int c = 0; c < convolvers.length; c++) {
            convolvers[c] = new ZeroLatencyConvolver(responses[k == 1 ? 0 : c], kernels);
            convolvers[c].prepare(spec.maxBlockSize());
        }
        warm(convolvers[0], spec, warmUp);
        double l2 = ir.l2Norm();
        float norm = l2 > 0 ? (float) (1 / l2) : 1f;
        return new ConvolutionEngine(convolvers, in == 1 && out > 1, norm);
    }

    /**
     * Runs a signal through one channel on the loading thread, so the JIT has compiled the head
     * GEMM (Vector API code runs tens of times slower before) and the FFT, for the shapes the
     * audio thread will use, before it needs them: blocks of the host's size, with single
     * frames and odd sizes in between so no branch is left uncompiled (an untaken one
     * deoptimises on first use). Bounds from {@link WarmUp}.
     *
     * <p>The speed counts as stable after {@value WarmUp#STABLE_BLOCKS} timed groups in a row
     * within twice the fastest group. A group is whole cycles of the sizes above, at least two
     * of the response's partitions long: the tail's FFT runs in the call that completes a
     * partition, so a group must hold the same number of them, give or take one of at least
     * two. Timing pairs of host blocks instead never settled for blocks shorter than the
     * partition: at 48 frames and a 128-sample partition a pair took 1 us or 5 us, and the
     * warm-up ran its whole 3 s budget before every live start.
     *
     * @return whether it ended {@link WarmUp.Run#settled settled} rather than on its budget (or skipped)
     */
    static boolean warm(ZeroLatencyConvolver conv, ProcessSpec spec, WarmUp warmUp) {
        int maxBlock = spec.maxBlockSize();
        float[] in = new float[maxBlock];
        float[] out = new float[maxBlock];
        for (int i = 0; i < maxBlock; i++) {
            in[i] = (float) Math.sin(0.05 * i);
        }
        int[] sizes = {maxBlock, maxBlock, 1, Math.min(7, maxBlock), maxBlock, maxBlock, Math.min(64, maxBlock)};
        int cycle = Arrays.stream(sizes).sum();
        PartitionedResponse response = conv.response();
        int span = response.tailPartitions() == 0 ? 1 : 2 * response.partition();
        int cyclesPerGroup = (span + cycle - 1) / cycle;
        WarmUp.Run run = warmUp.start(spec);
        long groupStart = System.nanoTime();
        for (int i = 0; !run.done(); i++) {
            int k = i % sizes.length;
            conv.process(in, 0, out, 0, sizes[k]);
            run.ran(sizes[k]);
            if (k == sizes.length - 1 && (i / sizes.length + 1) % cyclesPerGroup == 0) {
                long now = System.nanoTime();
                run.timed(now - groupStart);
                groupStart = now;
            }
        }
        conv.reset();
        return run.settled();
    }

    /** The convolver of output channel {@code c}. [audio-thread] */
    ZeroLatencyConvolver channel(int c) {
        return channels[c];
    }

    /** Output channels. [thread-safe] */
    int outputChannels() {
        return channels.length;
    }

    /** The input channel that output channel {@code c} convolves. [thread-safe] */
    int source(int c) {
        return monoInput ? 0 : c;
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
