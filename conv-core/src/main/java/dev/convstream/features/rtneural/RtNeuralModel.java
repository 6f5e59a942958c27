package dev.convstream.features.rtneural;

import dev.convstream.stream.FrameByFrameProcessor;
import dev.convstream.stream.FrameProcessor;

import java.util.List;

/**
 * A model loaded from RTNeural's Keras-export or PyTorch-export JSON ({@link RtNeuralLoader}), run frame by
 * frame exactly as RTNeural runs it: every layer causal in time with zero history at
 * {@link #reset}, so output frame t depends on input frames {@code <= t}.
 *
 * <p>A frame is one time step in Keras's channels-last order: {@code [C]} for a 1-D model,
 * {@code [F][C]} (channel fastest) for a 2-D one; dense layers read the frame flattened in that
 * order (Keras's {@code Flatten}). Softmax normalises over channels per feature position
 * (Keras's {@code axis=-1}); for 1-D models that is the whole frame, as in RTNeural.
 *
 * <p><b>Delay.</b> The stream itself has none ({@link #latency()} is 0): it reproduces a Keras
 * model trained with {@code padding="causal"} from t = 0. Against the Keras model as exported,
 * the stream is delayed by {@link #validPaddingDelay()} frames: per conv layer
 * {@code (K_t - 1) d} with "valid" time padding (conv1d layers, whose padding is not exported,
 * count as "valid"), and that minus TensorFlow's left pad {@code ((K_t - 1) d) // 2} for a
 * conv2d exported with {@code "same"} (Keras pads both axes), so mixed models are right.
 *
 * <p>GRU and LSTM layers (either export) start from zero hidden and cell state at
 * {@link #reset}, as RTNeural's do. A strided conv1d (PyTorch export) keeps the frame rate: it
 * computes on every s-th frame from {@link #reset} and holds its output between, as RTNeural's
 * StridedConv1D; a ConvTranspose1d counts its PyTorch {@code padding} as delay; a micro-TCN
 * block counts its conv1's {@code (K-1) d}, like an unpadded conv1d.
 *
 * <p>Lifecycle: a {@link FrameProcessor} whose layers are frame processors too; {@link #prepare}
 * allocates (the model steps its layers one frame at a time, so they are prepared for single
 * frames); after it, {@link #process}, {@link #step} and {@link #reset} do not allocate. Not
 * thread-safe.
 */
public final class RtNeuralModel extends FrameByFrameProcessor {

    /** One layer: its frames ({@code in[inputSize] -> out[outputSize]}), a one-line description, and
     * the frames by which the Keras layer with its padding leads the stream (0 for all but convolutions). */
    record Layer(FrameProcessor frames, String description, int kerasDelay) {
    }

    private final List<Layer> layers;
    private float[][] buffers;

    RtNeuralModel(List<Layer> layers) {
        super(nonEmpty(layers).get(0).frames().inputSize(), layers.get(layers.size() - 1).frames().outputSize());
        this.layers = List.copyOf(layers);
    }

    private static List<Layer> nonEmpty(List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an RTNeural model needs at least one layer");
        }
        return layers;
    }

    /** 0: the stream is causal (see the class comment). */
    @Override
    public int latency() {
        return 0;
    }

    /**
     * Frames by which the Keras model, with each layer's exported time padding (conv1d: "valid";
     * conv2d: "valid" or "same"), leads this stream.
     */
    public int validPaddingDelay() {
        int sum = 0;
        for (Layer l : layers) {
            sum += l.kerasDelay();
        }
        return sum;
    }

    /** The layers, one line each. */
    public List<String> describe() {
        return layers.stream().map(Layer::description).toList();
    }

    /** Allocates one frame buffer per layer and prepares every layer for single frames, then resets. */
    @Override
    public void prepare(int maxBlockSize) {
        super.prepare(maxBlockSize);
        buffers = new float[layers.size() + 1][];
        buffers[0] = new float[inputSize()];
        for (int i = 0; i < layers.size(); i++) {
            FrameProcessor layer = layers.get(i).frames();
            layer.prepare(1);
            buffers[i + 1] = new float[layer.outputSize()];
        }
        reset();
    }

    /** Zero history in every layer. */
    @Override
    public void reset() {
        for (int i = 0; i < layers.size(); i++) { // indexed: an iterator would allocate on the audio thread
            layers.get(i).frames().reset();
        }
    }

    @Override
    protected void apply(float[] in, int inOff, float[] out, int outOff) {
        System.arraycopy(in, inOff, buffers[0], 0, inputSize());
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).frames().process(buffers[i], 0, buffers[i + 1], 0, 1);
        }
        System.arraycopy(buffers[layers.size()], 0, out, outOff, outputSize());
    }
}
