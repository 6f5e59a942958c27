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

/** {@code convstream info model.json} for an RTNeural Keras-export model: its layers, frame sizes and delay. */
final class RtNeuralInfo {
    private RtNeuralInfo() {
    }

    /** Whether {@code json} is an RTNeural model (it has {@code in_shape} and {@code layers}) rather than a CNN architecture. */
    static boolean isRtNeural(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        return root != null && root.has("in_shape") && root.has("layers");
    }

    static int print(Path json, PrintStream out) throws IOException {
        RtNeuralModel m = new RtNeuralLoader(Kernels.preferred()).load(json);
        out.printf(Locale.ROOT, "%s%n", json.getFileName());
        out.printf(Locale.ROOT, "  architecture      RTNeural model (Keras export), frame of %d values -> %d values%n",
                m.inputSize(), m.outputSize());
        for (String layer : m.describe()) {
            out.printf(Locale.ROOT, "    %s%n", layer);
        }
        out.printf(Locale.ROOT, "  streaming delay   0 frames (causal, as RTNeural runs it); %d frame(s) behind the"
                + " Keras model with its exported padding%n", m.validPaddingDelay());
        return 0;
    }
}
