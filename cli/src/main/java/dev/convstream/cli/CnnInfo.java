package dev.convstream.cli;

import dev.convstream.features.FeatureExtractor;
import dev.convstream.features.cnn.CnnArchitecture;
import dev.convstream.features.cnn.CnnWeights;
import dev.convstream.features.cnn.StreamingCnn;
import dev.convstream.kernel.Kernels;
import dev.convstream.layer.Sequential;
import dev.convstream.report.ReceptiveField;
import dev.convstream.report.StackReport;
import dev.convstream.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code convstream info} says about a CNN feature extractor's JSON architecture
 * ({@code convstream.cnn/1}): the numbers come from the architecture alone, so the layers are
 * built with placeholder weights (zeros; batch-norm variances one).
 */
final class CnnInfo {

    /** Frames of the input used to count; any width past the receptive field gives the same per-frame cost. */
    static final int FRAMES = 256;

    private final CnnArchitecture arch;
    private final FeatureExtractor extractor;

    CnnInfo(CnnArchitecture arch, Kernels kernels) {
        this.arch = arch;
        Map<String, Tensor> tensors = new HashMap<>();
        for (Map.Entry<String, int[]> e : CnnWeights.required(arch).entrySet()) {
            Tensor t = Tensor.zeros(e.getValue());
            if (e.getKey().endsWith(".running_var")) {
                Arrays.fill(t.data(), 1f);
            }
            tensors.put(e.getKey(), t);
        }
        extractor = new FeatureExtractor(arch, CnnWeights.of(arch, tensors), kernels);
    }

    int[] inputShape(int frames) {
        return new int[] {1, arch.inputChannels(), frames, arch.melBands()}; // H = time, W = mel
    }

    long parameters() {
        return extractor.layers().parameterCount();
    }

    /** Multiply-adds one more input frame costs (the difference between two widths). */
    long macsPerFrame() {
        Sequential s = extractor.layers();
        return s.macs(inputShape(FRAMES + 1)) - s.macs(inputShape(FRAMES));
    }

    List<String> layers() {
        return extractor.layers().layers().stream().map(l -> l.describe()).toList();
    }

    int[] outputShape() {
        return extractor.layers().outputShape(inputShape(FRAMES));
    }

    /** (frames, mel bands) one output value sees, before a final global pooling. */
    Optional<ReceptiveField> receptiveField() {
        StackReport report = extractor.layers().stackReport(inputShape(FRAMES));
        List<dev.convstream.layer.Layer> layers = extractor.layers().layers();
        List<Optional<ReceptiveField>> fields = report.cumulativeReceptiveFields();
        Optional<ReceptiveField> last = Optional.empty();
        for (int i = 0; i < fields.size(); i++) {
            // a global pool sees the whole clip: the field worth telling is the one before it
            if (fields.get(i).isEmpty() || layers.get(i) instanceof dev.convstream.layer.GlobalAvgPool) {
                break;
            }
            last = fields.get(i);
        }
        return last;
    }

    int streamingDelayFrames() {
        return extractor.streaming().latency();
    }

    /** Streaming frames per second of compute: untimed for {@code warmup} s, then timed for {@code measure} s. */
    double framesPerSecond(double warmup, double measure) {
        StreamingCnn stream = extractor.streaming();
        stream.prepare(1);
        float[] in = new float[stream.inputSize()];
        float[] out = new float[stream.outputSize()];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) Math.sin(i);
        }
        long end = System.nanoTime() + (long) (warmup * 1e9);
        while (System.nanoTime() < end) {
            stream.step(in, 0, out, 0);
        }
        long frames = 0;
        long start = System.nanoTime();
        end = start + (long) (measure * 1e9);
        do {
            for (int i = 0; i < 16; i++) {
                stream.step(in, 0, out, 0);
            }
            frames += 16;
        } while (System.nanoTime() < end);
        return frames / ((System.nanoTime() - start) / 1e9);
    }
}
