package dev.convstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convstream.features.rtneural.RtNeuralLoader;
import dev.convstream.features.rtneural.RtNeuralModel;
import dev.convstream.kernel.Kernels;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code convstream info model.json} for an RTNeural model, Keras export or PyTorch state_dict
 * carrying its {@code convstream_torch_layers} list: its layers, frame sizes and delay.
 */
final class RtNeuralInfo {
    private RtNeuralInfo() {
    }

    private static final String TORCH_LAYERS = "convstream_torch_layers";

    /**
     * Whether {@code json} is an RTNeural model (a Keras export with {@code in_shape} and
     * {@code layers}, or a PyTorch state_dict with {@code convstream_torch_layers}) rather than a
     * CNN architecture.
     */
    static boolean isRtNeural(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        return root != null && (root.has("in_shape") && root.has("layers") || root.has(TORCH_LAYERS));
    }

    static int print(Path json, PrintStream out) throws IOException {
        RtNeuralModel m = new RtNeuralLoader(Kernels.preferred()).load(json);
        boolean torch = new ObjectMapper().readTree(json.toFile()).has(TORCH_LAYERS);
        out.printf(Locale.ROOT, "%s%n", json.getFileName());
        out.printf(Locale.ROOT, "  architecture      RTNeural model (%s export), frame of %d values -> %d values%n",
                torch ? "PyTorch state_dict" : "Keras", m.inputSize(), m.outputSize());
        for (String layer : m.describe()) {
            out.printf(Locale.ROOT, "    %s%n", layer);
        }
        out.printf(Locale.ROOT, "  streaming delay   0 frames (causal, as RTNeural runs it); %d frame(s) behind the"
                + " %s%n", m.validPaddingDelay(), torch ? "PyTorch model (conv1d unpadded, tcn_block conv1 unpadded, convtranspose1d with its padding)"
                : "Keras model with its exported padding");
        return 0;
    }
}
