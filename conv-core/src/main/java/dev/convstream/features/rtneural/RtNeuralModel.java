package dev.convstream.features.rtneural;

import java.util.List;

/**
 * A model loaded from RTNeural's Keras-export JSON ({@link RtNeuralLoader}), run frame by
 * frame exactly as RTNeural runs it: every layer causal in time with zero history at
 * {@link #reset}, so output frame t depends on input frames {@code <= t}.
 *
 * <p>A frame is one time step in Keras's channels-last order: {@code [C]} for a 1-D model,
 * {@code [F][C]} (channel fastest) for a 2-D one; dense layers read the frame flattened in that
 * order (Keras's {@code Flatten}). Softmax normalises over channels per feature position
 * (Keras's {@code axis=-1}); for 1-D models that is the whole frame, as in RTNeural.
 *
 * <p><b>Delay.</b> The stream itself has none ({@link #latency()} is 0): it reproduces a Keras
 * model trained with {@code padding="causal"} from t = 0. The time padding a model was trained
 * with is not exported; if it was {@code "valid"}, the stream equals Keras's output delayed by
 * {@link #validPaddingDelay()} = sum over conv layers of {@code (K_t - 1) d} frames (with
 * {@code "same"}: that minus the layers' left paddings).
 *
 * <p>{@link #step} does not allocate; not thread-safe.
 */
public final class RtNeuralModel {

    /** One layer running on frames: {@code in[inSize] -> out[outSize]}. */
    interface FrameLayer {
        int inputSize();

        int outputSize();

        void step(float[] in, float[] out);

        void reset();

        String describe();

        /** {@code (K_t - 1) d} for convolutions, 0 otherwise. */
        default int history() {
            return 0;
        }
    }

    private final List<FrameLayer> layers;
    private final float[][] buffers;
    private final int inputSize;
    private final int outputSize;

    RtNeuralModel(List<FrameLayer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an RTNeural model needs at least one layer");
        }
        this.layers = List.copyOf(layers);
        this.inputSize = layers.get(0).inputSize();
        this.outputSize = layers.get(layers.size() - 1).outputSize();
        buffers = new float[layers.size() + 1][];
        buffers[0] = new float[inputSize];
        for (int i = 0; i < layers.size(); i++) {
            buffers[i + 1] = new float[layers.get(i).outputSize()];
        }
        reset();
    }

    /** Values per input frame. */
    public int inputSize() {
        return inputSize;
    }

    /** Values per output frame. */
    public int outputSize() {
        return outputSize;
    }

    /** 0: the stream is causal (see the class comment). */
    public int latency() {
        return 0;
    }

    /** Frames by which a Keras model trained with "valid" time padding would lead this stream. */
    public int validPaddingDelay() {
        int sum = 0;
        for (FrameLayer l : layers) {
            sum += l.history();
        }
        return sum;
    }

    /** The layers, one line each. */
    public List<String> describe() {
        return layers.stream().map(FrameLayer::describe).toList();
    }

    /** Zero history in every layer. */
    public void reset() {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).reset();
        }
    }

    /** One frame: {@code in[inOff .. +inputSize)} to {@code out[outOff .. +outputSize)}. */
    public void step(float[] in, int inOff, float[] out, int outOff) {
        System.arraycopy(in, inOff, buffers[0], 0, inputSize);
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).step(buffers[i], buffers[i + 1]);
        }
        System.arraycopy(buffers[layers.size()], 0, out, outOff, outputSize);
    }

    /** {@code frames} frames, frame-major: frame t at {@code in[t*inputSize]} and {@code out[t*outputSize]}. */
    public void process(float[] in, float[] out, int frames) {
        if (in.length < (long) frames * inputSize || out.length < (long) frames * outputSize) {
            throw new IllegalArgumentException(frames + " frames need " + (long) frames * inputSize + " input and "
                    + (long) frames * outputSize + " output values, found " + in.length + " and " + out.length);
        }
        for (int t = 0; t < frames; t++) {
            step(in, t * inputSize, out, t * outputSize);
        }
    }
}
