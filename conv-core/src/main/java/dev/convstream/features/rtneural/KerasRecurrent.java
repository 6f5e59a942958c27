package dev.convstream.features.rtneural;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.ElementwiseMath;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A GRU or LSTM layer of RTNeural's Keras export, read as RTNeural's {@code model_loader.h}
 * reads it ({@code loadGRU}/{@code loadLSTM}): {@code weights = [kernel [in][G H],
 * recurrent [H][G H], bias]} with Keras's gate columns, and converted once to the PyTorch gate
 * rows {@link FrameLayers#gru}/{@link FrameLayers#lstm} compute.
 *
 * <p>GRU: Keras columns {@code z, r, h}; bias {@code [2][3H]} (input and recurrent bias,
 * {@code reset_after=True}, TensorFlow 2's default and the only form RTNeural reads: the reset
 * gate multiplies the recurrent term including its bias, as in PyTorch); PyTorch rows
 * {@code r, z, n}. LSTM: Keras columns {@code i, f, c, o} are PyTorch's {@code i, f, g, o};
 * one bias {@code [4H]}. The layer's {@code activation} field names the cell's candidate
 * activation; RTNeural adds no activation after a recurrent layer and computes tanh, so only
 * {@code tanh} (or none) is accepted: anything else would be computed as tanh by RTNeural.
 */
final class KerasRecurrent {
    private KerasRecurrent() {
    }

    static RtNeuralModel.Layer layer(String type, JsonNode n, String where, int in, ElementwiseMath math) {
        String cell = n.path("activation").asText("");
        if (!cell.isEmpty() && !cell.equals("tanh")) {
            throw new IllegalArgumentException(where + ".activation: '" + cell + "' for " + type
                    + "; RTNeural computes the cell with tanh (Keras's default), expected 'tanh'");
        }
        boolean gru = type.equals("gru");
        int gates = gru ? 3 : 4;
        List<JsonNode> ws = RtNeuralLoader.weights(n, where, 3);
        int columns = RtNeuralLoader.dim(ws.get(0), 1);
        if (columns < gates || columns % gates != 0) {
            throw new IllegalArgumentException(where + ".weights[0]: a " + type + " kernel needs " + gates
                    + " x units columns, found " + columns);
        }
        int h = columns / gates;
        float[] kernel = RtNeuralLoader.array(ws.get(0), new int[] {in, columns}, where + ".weights[0]");
        float[] recurrent = RtNeuralLoader.array(ws.get(1), new int[] {h, columns}, where + ".weights[1]");
        int[] biasShape = gru ? new int[] {2, columns} : new int[] {columns};
        if (gru && RtNeuralLoader.dim(ws.get(2), 0) == columns && RtNeuralLoader.dim(ws.get(2), 1) < 0) {
            throw new IllegalArgumentException(where + ".weights[2]: a GRU bias of shape [" + columns + "] is Keras's "
                    + "reset_after=False form, which RTNeural does not read; expected [2, " + columns + "]");
        }
        float[] bias = RtNeuralLoader.array(ws.get(2), biasShape, where + ".weights[2]");
        int[] block = gru ? new int[] {1, 0, 2} : new int[] {0, 1, 2, 3}; // Keras column block of PyTorch gate g
        float[] wih = new float[columns * in];
        float[] whh = new float[columns * h];
        float[] bih = new float[columns];
        float[] bhh = new float[columns];
        for (int g = 0; g < gates; g++) {
            for (int j = 0; j < h; j++) {
                int row = g * h + j;
                int col = block[g] * h + j;
                for (int i = 0; i < in; i++) {
                    wih[row * in + i] = kernel[i * columns + col];
                }
                for (int k = 0; k < h; k++) {
                    whh[row * h + k] = recurrent[k * columns + col];
                }
                bih[row] = bias[col];
                bhh[row] = gru ? bias[columns + col] : 0f;
            }
        }
        ActivationFunction none = ActivationFunction.identity();
        RtNeuralModel.Layer layer = gru ? FrameLayers.gru(in, h, wih, whh, bih, bhh, none, math)
                : FrameLayers.lstm(in, h, wih, whh, bih, bhh, none, math);
        return new RtNeuralModel.Layer(layer.frames(), "keras " + layer.description(), 0);
    }
}
