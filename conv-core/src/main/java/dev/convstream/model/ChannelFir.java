package dev.convstream.model;

import dev.convstream.check.Require;
import dev.convstream.kernel.Kernels;

/**
 * NAM's "Linear" model of unequal channel counts ({@link LinearConfig}, either layout) as a
 * streaming model of {@code in_channels} inputs and {@code out_channels} outputs, played through
 * {@link #process(float[][], int, float[][], int, int)}: the block step of a condition DSP
 * ({@link LinearStack}: one zero-latency FIR engine per path) behind the multi-channel call.
 * A Linear of N = N channels filters each channel alone by one response, which is the mono
 * {@link Fir} on every channel. Silence leaves zero history: the steady state is a plain reset.
 */
public final class ChannelFir implements StreamingModel {

    private final LinearConfig config;
    private final float[] weights;
    private final Kernels kernels;
    private final LinearStack step;
    private final ChannelBlocks blocks = new ChannelBlocks();

    /** @param weights the flat list in NAM's order; its length must be {@code config.weightCount()} */
    public ChannelFir(LinearConfig config, float[] weights, Kernels kernels) {
        Require.notNull("config", config);
        Require.notNull("weights", weights);
        Require.notNull("kernels", kernels);
        this.config = config;
        this.weights = weights.clone();
        this.kernels = kernels;
        this.step = new LinearStack(config, this.weights, kernels);
    }

    public LinearConfig config() {
        return config;
    }

    @Override
    public int inputChannels() {
        return config.inChannels();
    }

    @Override
    public int outputChannels() {
        return config.outChannels();
    }

    @Override
    public void prepare(int maxBlockSize) {
        Require.atLeastOne("maxBlockSize", maxBlockSize);
        step.prepare(maxBlockSize);
        blocks.prepare(config.inChannels(), maxBlockSize);
    }

    @Override
    public void reset() {
        step.reset();
    }

    @Override
    public void process(float[][] in, int inOff, float[][] out, int outOff, int frames) {
        blocks.process(this, step, in, inOff, out, outOff, frames);
    }

    /** Only for 1 in and 1 out (a Linear of unequal counts never is). */
    @Override
    public void process(float[] in, int inOff, float[] out, int outOff, int frames) {
        if (config.inChannels() != 1 || config.outChannels() != 1) {
            throw ChannelBlocks.notMono("Linear", config.inChannels(), config.outChannels());
        }
        if (in == null || out == null || inOff < 0 || outOff < 0 || inOff + frames > in.length
                || outOff + frames > out.length) {
            throw new IllegalArgumentException("in[" + inOff + ", +" + frames + ") or out[" + outOff + ", +" + frames
                    + ") is outside its array");
        }
        System.arraycopy(step.compute(in, inOff, frames, frames, false), 0, out, outOff, frames);
    }

    @Override
    public int latency() {
        return 0;
    }

    @Override
    public int receptiveField() {
        return config.receptiveField();
    }

    @Override
    public ChannelFir newInstance() {
        return new ChannelFir(config, weights, kernels);
    }
}
