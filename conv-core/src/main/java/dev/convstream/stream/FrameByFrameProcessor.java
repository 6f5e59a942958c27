package dev.convstream.stream;

import dev.convstream.check.Require;

/**
 * A {@link FrameProcessor} that turns each input frame into one output frame, a frame at a time
 * through {@link #apply}. Subclasses hold their per-frame arithmetic (a batch-norm scale, a
 * pooling window, an activation, a conv stepped one frame per call) and, if they keep history,
 * extend {@link #prepare} and {@link #reset}; this class holds the block loop and the checks.
 */
public abstract class FrameByFrameProcessor implements FrameProcessor {
    private final int inputSize;
    private final int outputSize;
    private int maxBlock;

    protected FrameByFrameProcessor(int inputSize, int outputSize) {
        Require.atLeastOne("input frame size", inputSize);
        Require.atLeastOne("output frame size", outputSize);
        this.inputSize = inputSize;
        this.outputSize = outputSize;
    }

    /** One frame: {@code in[inOff .. +inputSize())} to {@code out[outOff .. +outputSize())}. Must not allocate. */
    protected abstract void apply(float[] in, int inOff, float[] out, int outOff);

    @Override
    public final int inputSize() {
        return inputSize;
    }

    @Override
    public final int outputSize() {
        return outputSize;
    }

    /** Subclasses that allocate call this too. */
    @Override
    public void prepare(int maxBlockSize) {
        Require.atLeastOne("maxBlockSize", maxBlockSize);
        maxBlock = maxBlockSize;
    }

    /** Nothing to forget; subclasses with history override this. */
    @Override
    public void reset() {
    }

    @Override
    public final int process(float[] in, int inOff, float[] out, int outOff, int frames) {
        StreamRules.checkFrames(this, maxBlock, frames);
        StreamRules.checkFrameBlock("input", in, inOff, inputSize, frames);
        StreamRules.checkFrameBlock("output", out, outOff, outputSize, frames);
        for (int t = 0; t < frames; t++) {
            apply(in, inOff + t * inputSize, out, outOff + t * outputSize);
        }
        return frames;
    }
}
